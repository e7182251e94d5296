package io.renderowl.activities.storage;

import io.renderowl.infra.storage.ObjectStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Resolves clip sources ("s3://bucket/key") by downloading each once into a work folder. */
public final class StoredMedia implements MediaResolver {
  private final ObjectStore store;
  private final Path folder;
  private final Map<String, Path> downloaded = new HashMap<>();

  public StoredMedia(ObjectStore store, Path folder) {
    this.store = store;
    this.folder = folder;
  }

  @Override
  public synchronized Path resolve(String sourceUrl) {
    return downloaded.computeIfAbsent(
        sourceUrl,
        u -> store.download(store.keyOf(u), folder.resolve("media-" + downloaded.size())));
  }
}
