package io.renderowl.activities.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A caption block's pixels read row by row are what the colour model's conversion gives. */
class SpritePixelsTest {
  @Test
  void anIntArgbPictureGivesTheSamePixelsAsGetRgbInPaddedRows() {
    BufferedImage picture = new BufferedImage(37, 11, BufferedImage.TYPE_INT_ARGB);
    SplittableRandom random = new SplittableRandom(7);
    for (int y = 0; y < picture.getHeight(); y++) {
      for (int x = 0; x < picture.getWidth(); x++) {
        picture.setRGB(x, y, random.nextInt());
      }
    }
    int width = 38;
    int height = 12;
    int[] expected = new int[width * height];
    picture.getRGB(0, 0, 37, 11, expected, 0, width);

    assertThat(Sprite.pixels(picture, width, height)).containsExactly(expected);
  }

  @Test
  void otherTypesStillGoThroughTheColourModel() {
    BufferedImage picture = new BufferedImage(5, 3, BufferedImage.TYPE_4BYTE_ABGR);
    picture.setRGB(2, 1, 0x80ff4020);
    int[] expected = new int[6 * 4];
    picture.getRGB(0, 0, 5, 3, expected, 0, 6);

    assertThat(Sprite.pixels(picture, 6, 4)).containsExactly(expected);
  }
}
