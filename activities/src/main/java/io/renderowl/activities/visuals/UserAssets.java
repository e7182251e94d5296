package io.renderowl.activities.visuals;

import io.renderowl.activities.provider.ProviderFailures;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.workflows.Aspect;
import io.renderowl.workflows.Scene;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The user's own pictures and videos, uploaded to S3 under {@code users/{userId}/assets/}: a scene
 * gets the upload whose file name's words all appear in its search terms, the most specific one
 * first (e.g. {@code octopus-reef.jpg} for "octopus reef", not for "octopus swimming"); with no
 * such upload the next source is asked. Uploads are size- and type-checked like downloads.
 */
public final class UserAssets implements VisualSource {
  static final List<String> IMAGE = List.of(".png", ".jpg", ".jpeg");
  static final List<String> VIDEO = List.of(".mp4", ".mov", ".webm");

  private final ObjectStore store;
  private final Function<String, Optional<String>> userOfRun;
  private final long maxBytes;

  public UserAssets(
      ObjectStore store, Function<String, Optional<String>> userOfRun, long maxBytes) {
    this.store = store;
    this.userOfRun = userOfRun;
    this.maxBytes = maxBytes;
  }

  static String folder(String userId) {
    return "users/" + userId + "/assets/";
  }

  @Override
  public String name() {
    return "user-assets";
  }

  @Override
  public Outcome find(String runId, Scene scene, Aspect aspect) {
    Optional<String> user = userOfRun.apply(runId);
    if (user.isEmpty()) {
      return Outcome.missed("run " + runId + " has no user");
    }
    String folder = folder(user.get());
    Set<String> terms = words(scene.searchTerms());
    String best = null;
    long bestScore = 0;
    for (String key : store.list(folder)) {
      String lower = key.toLowerCase(Locale.ROOT);
      if (IMAGE.stream().noneMatch(lower::endsWith) && VIDEO.stream().noneMatch(lower::endsWith)) {
        continue;
      }
      Set<String> name = words(key.substring(folder.length()).replaceAll("\\.[^.]*$", ""));
      long score = terms.containsAll(name) ? name.size() : 0;
      if (score > bestScore) {
        best = key;
        bestScore = score;
      }
    }
    if (best == null) {
      return Outcome.missed("no upload in " + folder + " matches '" + scene.searchTerms() + "'");
    }
    long size = store.size(best);
    if (size > maxBytes) {
      throw ProviderFailures.nonRetryable(
          ProviderFailures.REJECTED,
          "user asset " + best + " has " + size + " bytes, over the limit of " + maxBytes);
    }
    String mediaType =
        VIDEO.stream().anyMatch(best.toLowerCase(Locale.ROOT)::endsWith) ? "video" : "image";
    try {
      Path tmp = Files.createTempFile("user-asset-", ".bin");
      try {
        byte[] bytes = Files.readAllBytes(store.download(best, tmp));
        MediaBytes.Checked media = MediaBytes.check("user-assets", bytes, mediaType);
        int[] dims =
            mediaType.equals("image")
                ? MediaBytes.imageSize(bytes)
                : new int[] {aspect.width(), aspect.height()};
        return Outcome.of(new Found(media, dims[0], dims[1], "", "user-assets"));
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read user asset " + best, e);
    }
  }

  private static Set<String> words(String s) {
    return Arrays.stream(s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+"))
        .filter(w -> w.length() > 1)
        .collect(Collectors.toSet());
  }
}
