package io.renderowl.activities.visuals;

import static org.assertj.core.api.Assertions.assertThat;

import io.renderowl.workflows.Scene;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class ProceduralPicturesTest {

  private final ProceduralPictures pictures = new ProceduralPictures();

  @Test
  void consecutiveScenesLookClearlyDifferent() {
    for (int index = 0; index < 5; index++) {
      BufferedImage current = pictures.draw("coral reefs", scene(index), 216, 384);
      BufferedImage next = pictures.draw("coral reefs", scene(index + 1), 216, 384);
      assertThat(meanAbsoluteDifference(current, next))
          .as("scene %d vs %d", index, index + 1)
          .isGreaterThan(30);
    }
  }

  @Test
  void pictureIsDetailedNotFlat() {
    BufferedImage image = pictures.draw("coral reefs", scene(0), 216, 384);
    assertThat(lumaStandardDeviation(image)).isGreaterThan(20);
  }

  @Test
  void sameTopicAndSceneGiveTheSamePicture() {
    BufferedImage first = pictures.draw("coral reefs", scene(2), 108, 192);
    BufferedImage second = pictures.draw("coral reefs", scene(2), 108, 192);
    assertThat(meanAbsoluteDifference(first, second)).isZero();
  }

  @Test
  void aCanvasDrawnOverGivesTheSamePictureAsANewOne() {
    BufferedImage canvas = new BufferedImage(108, 192, BufferedImage.TYPE_3BYTE_BGR);
    pictures.draw("volcanoes", scene(3), canvas); // something else drawn there first
    assertThat(pictures.draw("coral reefs", scene(2), canvas)).isSameAs(canvas);
    assertThat(meanAbsoluteDifference(canvas, pictures.draw("coral reefs", scene(2), 108, 192)))
        .as("every pixel drawn over")
        .isZero();
  }

  @Test
  void drawsAFullHdPortraitPictureAtTheRequestedSize() {
    // Speed is measured by the render benchmark (owl bench render), not asserted here.
    BufferedImage picture = pictures.draw("coral reefs", scene(1), 1080, 1920);
    assertThat(picture.getWidth()).isEqualTo(1080);
    assertThat(picture.getHeight()).isEqualTo(1920);
    assertThat(meanAbsoluteDifference(picture, pictures.draw("coral reefs", scene(2), 1080, 1920)))
        .isPositive();
  }

  @Test
  void writesAPngThatReadsBack(@TempDir Path dir) throws Exception {
    BufferedImage image = pictures.draw("coral reefs", scene(1), 90, 160);
    Path file = dir.resolve("nested/scene-1.png");
    pictures.writePng(image, file);
    BufferedImage read = ImageIO.read(file.toFile());
    assertThat(read.getWidth()).isEqualTo(90);
    assertThat(meanAbsoluteDifference(image, read)).isZero();
  }

  private static Scene scene(int index) {
    return new Scene(
        index, "Scene " + index + " about coral reefs.", "illustration: coral, reefs", 6);
  }

  public static double meanAbsoluteDifference(BufferedImage a, BufferedImage b) {
    long sum = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        sum +=
            Math.abs((p >> 16 & 0xff) - (q >> 16 & 0xff))
                + Math.abs((p >> 8 & 0xff) - (q >> 8 & 0xff))
                + Math.abs((p & 0xff) - (q & 0xff));
      }
    }
    return sum / (3.0 * a.getWidth() * a.getHeight());
  }

  private static double lumaStandardDeviation(BufferedImage image) {
    double sum = 0;
    double squares = 0;
    int n = image.getWidth() * image.getHeight();
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        double luma = 0.299 * (p >> 16 & 0xff) + 0.587 * (p >> 8 & 0xff) + 0.114 * (p & 0xff);
        sum += luma;
        squares += luma * luma;
      }
    }
    double mean = sum / n;
    return Math.sqrt(squares / n - mean * mean);
  }
}
