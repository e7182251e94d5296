package io.renderowl.activities.visuals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.renderowl.workflows.Scene;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FfmpegJpegTest {

  @Test
  void aProceduralPictureReadsBackAsTheSamePictureAtAStockPhotosQuality() throws IOException {
    BufferedImage picture =
        new ProceduralPictures()
            .draw("How tides work", new Scene(1, "text", "tides", 7.0, "tides"), 1080, 1920);

    byte[] jpeg = FfmpegJpeg.encode(picture, 2);

    assertThat(jpeg).startsWith(0xFF, 0xD8); // SOI
    assertThat(jpeg[jpeg.length - 2] & 0xFF).isEqualTo(0xFF); // EOI
    assertThat(jpeg[jpeg.length - 1] & 0xFF).isEqualTo(0xD9);
    assertThat(jpeg.length).as("bytes").isBetween(100_000, 1_500_000);
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    assertThat(decoded.getWidth()).isEqualTo(1080);
    assertThat(decoded.getHeight()).isEqualTo(1920);
    // ImageIO's writer at quality 0.92 gave 37.9 dB on this picture
    assertThat(psnr(picture, decoded)).as("PSNR (dB)").isGreaterThan(36.0);
  }

  /** Full-range colours: a limited-range mix-up would shift a flat colour by 10% or more. */
  @Test
  void flatColoursKeepTheirValuesAtOddSizes() throws IOException {
    Color colour = new Color(200, 60, 40);
    BufferedImage picture = new BufferedImage(33, 17, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = picture.createGraphics();
    g.setColor(colour);
    g.fillRect(0, 0, 33, 17);
    g.dispose();

    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(FfmpegJpeg.encode(picture, 2)));

    assertThat(decoded.getWidth()).isEqualTo(33);
    assertThat(decoded.getHeight()).isEqualTo(17);
    Color centre = new Color(decoded.getRGB(16, 8));
    assertThat(centre.getRed()).isBetween(196, 204);
    assertThat(centre.getGreen()).isBetween(56, 64);
    assertThat(centre.getBlue()).isBetween(36, 44);
  }

  @Test
  void otherImageTypesAndQuantisersAreRefusedWithTheReason() {
    BufferedImage argb = new BufferedImage(8, 8, BufferedImage.TYPE_INT_ARGB);
    BufferedImage bgr = new BufferedImage(8, 8, BufferedImage.TYPE_3BYTE_BGR);

    assertThatThrownBy(() -> FfmpegJpeg.encode(argb, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3-byte BGR");
    assertThatThrownBy(() -> FfmpegJpeg.encode(bgr, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..31");
  }

  private static double psnr(BufferedImage a, BufferedImage b) {
    double sum = 0;
    long count = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int d = ((p >> shift) & 0xFF) - ((q >> shift) & 0xFF);
          sum += d * d;
          count++;
        }
      }
    }
    return 10 * Math.log10(255.0 * 255.0 / (sum / count));
  }
}
