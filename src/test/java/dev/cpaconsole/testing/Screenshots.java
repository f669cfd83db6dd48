package dev.cpaconsole.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;

/**
 * Writes a scene's snapshot as a PNG file under {@code target/screenshots}. Encodes the PNG
 * itself, so tests need neither AWT nor the javafx-swing module.
 */
public final class Screenshots {
    public static final Path DIRECTORY = Path.of("target", "screenshots");

    private Screenshots() {
    }

    /** Snapshots {@code scene}; call on the JavaFX thread. */
    public static WritableImage snapshot(Scene scene) {
        return scene.snapshot(null);
    }

    public static Path write(WritableImage image, String name) throws IOException {
        Files.createDirectories(DIRECTORY);
        Path file = DIRECTORY.resolve(name + ".png");
        Files.write(file, png(image));
        return file;
    }

    static byte[] png(WritableImage image) throws IOException {
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        PixelReader pixels = image.getPixelReader();
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflated = new DeflaterOutputStream(raw)) {
            byte[] line = new byte[1 + width * 4];
            for (int y = 0; y < height; y++) {
                line[0] = 0;
                for (int x = 0; x < width; x++) {
                    int argb = pixels.getArgb(x, y);
                    line[1 + x * 4] = (byte) (argb >> 16);
                    line[2 + x * 4] = (byte) (argb >> 8);
                    line[3 + x * 4] = (byte) argb;
                    line[4 + x * 4] = (byte) (argb >>> 24);
                }
                deflated.write(line);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 6).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", raw.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(OutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
