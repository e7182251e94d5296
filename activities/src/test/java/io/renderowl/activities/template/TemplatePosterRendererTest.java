package io.renderowl.activities.template;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.infra.templates.NewTemplate;
import io.renderowl.infra.templates.internal.BuiltInTemplates;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class TemplatePosterRendererTest {

  static final List<String> KEYS = BuiltInTemplates.KEYS;

  @TempDir Path work;

  @ParameterizedTest
  @FieldSource("KEYS")
  void everyBuiltInTemplateHasAPosterOfItsFrameSize(String key) throws Exception {
    NewTemplate t = BuiltInTemplates.read(key);
    Path jpeg = TemplatePosterRenderer.draw(t.fields(), t.structure(), work);
    BufferedImage poster = ImageIO.read(jpeg.toFile());
    assertThat(poster.getWidth() + "x" + poster.getHeight()).isEqualTo(t.resolution());
    // not a blank frame: the template's text or pictures are drawn over its background
    int first = poster.getRGB(0, 0);
    boolean varied = false;
    for (int y = 0; y < poster.getHeight() && !varied; y += 7) {
      for (int x = 0; x < poster.getWidth() && !varied; x += 7) {
        varied = Math.abs((poster.getRGB(x, y) & 0xff) - (first & 0xff)) > 40;
      }
    }
    assertThat(varied).as("poster of " + key + " shows something").isTrue();
  }
}
