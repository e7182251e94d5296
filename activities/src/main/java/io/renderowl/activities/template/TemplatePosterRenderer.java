package io.renderowl.activities.template;

import io.renderowl.activities.render.StillFrames;
import io.renderowl.activities.timeline.TimelineJson;
import io.renderowl.infra.json.Json;
import io.renderowl.infra.storage.ObjectStore;
import io.renderowl.infra.templates.FieldType;
import io.renderowl.infra.templates.MergeFields;
import io.renderowl.infra.templates.StoredTemplate;
import io.renderowl.infra.templates.TemplateField;
import io.renderowl.infra.templates.TemplatePosters;
import io.renderowl.infra.templates.Templates;
import io.renderowl.workflows.timeline.TimelineDocument;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import tools.jackson.databind.JsonNode;

/**
 * Draws a template's poster with the render engine's own frame composer: the template filled with
 * its defaults and samples, each media field a generated placeholder picture (a template's poster
 * shows its layout, not somebody's media), the frame at 2.5 s (or mid-way through a shorter one).
 * Stored as {@code templates/<id>/poster-<hash>.jpg} and recorded per content hash, so a template
 * is drawn once per version.
 */
public final class TemplatePosterRenderer implements TemplatePosters {

  private static final double POSTER_SECONDS = 2.5;

  private final ObjectStore store;
  private final Templates templates;

  public TemplatePosterRenderer(ObjectStore store, Templates templates) {
    this.store = store;
    this.templates = templates;
  }

  @Override
  public String poster(StoredTemplate template) {
    if (template.posterKey() != null) {
      return template.posterKey();
    }
    Path work = null;
    try {
      work = Files.createTempDirectory("template-poster");
      Path jpeg = draw(template.fields(), template.structure(), work);
      String key = prefix(template.id()) + "poster-" + template.contentHash() + ".jpg";
      store.put(key, jpeg, "image/jpeg");
      templates.posterRendered(template.id(), template.contentHash(), key);
      return key;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot draw the poster of template " + template.id() + ": " + e.getMessage(), e);
    } finally {
      delete(work);
    }
  }

  @Override
  public void forget(String templateId) {
    for (String key : store.list(prefix(templateId))) {
      if (!templates.posterInUse(key)) {
        store.delete(key);
      }
    }
  }

  /** Where the posters of one template are stored, one per content hash. */
  static String prefix(String templateId) {
    return "templates/" + templateId + "/";
  }

  @Override
  public String url(String posterKey) {
    return store.presignedGetUrl(posterKey, java.time.Duration.ofHours(1));
  }

  /** Draws the poster of a template's fields and structure into {@code work}. */
  static Path draw(List<TemplateField> fields, JsonNode structure, Path work) throws IOException {
    Map<String, Object> values = new LinkedHashMap<>(MergeFields.samples(fields));
    int n = 0;
    for (TemplateField f : fields) {
      if (f.type() == FieldType.MEDIA) {
        String name = "placeholder-" + n + ".png";
        placeholder(work.resolve(name), n++);
        values.put(f.name(), name);
      }
    }
    TimelineDocument doc =
        TimelineJson.parse(Json.MAPPER.writeValueAsString(MergeFields.fill(structure, values)));
    return StillFrames.jpeg(
        doc,
        url -> work.resolve(url),
        Math.min(POSTER_SECONDS, doc.durationSeconds() / 2),
        work.resolve("poster.jpg"));
  }

  /** A soft diagonal gradient, a different hue per media field. */
  private static void placeholder(Path file, int index) throws IOException {
    BufferedImage image = new BufferedImage(640, 640, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      float hue = (0.58f + 0.17f * index) % 1f;
      g.setPaint(
          new GradientPaint(
              0,
              0,
              Color.getHSBColor(hue, 0.45f, 0.55f),
              640,
              640,
              Color.getHSBColor(hue, 0.35f, 0.25f)));
      g.fillRect(0, 0, 640, 640);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", file.toFile());
  }

  private static void delete(Path work) {
    if (work == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(work)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temp folder left behind is not worth failing the poster for
    }
  }
}
