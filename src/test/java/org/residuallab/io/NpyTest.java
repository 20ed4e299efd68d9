package org.residuallab.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** .npy files round-trip every type and shape the library writes, and bad files fail naming the file. */
class NpyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE", "INT", "LONG"})
    void arraysRoundTripWithTheirTypeShapeAndValues(DataType type) {
        INDArray a = Nd4j.create(new double[] {1.5, -2, 3.25, 4, 5e-3, -6e7}, new long[] {2, 3}, DataType.DOUBLE).castTo(type);
        Path f = dir.resolve("a.npy");
        Npy.write(a, f);
        INDArray b = Npy.read(f);
        assertEquals(type, b.dataType());
        assertArrayEquals(new long[] {2, 3}, b.shape());
        assertEquals(a, b);
    }

    @Test
    void vectorsScalarsAndViewsRoundTrip() {
        INDArray v = Nd4j.createFromArray(1.0, 2.0, 3.0);
        Npy.write(v, dir.resolve("v.npy"));
        assertArrayEquals(new long[] {3}, Npy.read(dir.resolve("v.npy")).shape());
        Npy.write(Nd4j.scalar(DataType.DOUBLE, 2.5), dir.resolve("s.npy"));
        INDArray s = Npy.read(dir.resolve("s.npy"));
        assertEquals(0, s.rank());
        assertEquals(2.5, s.getDouble(0), 0);
        INDArray t = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE).transpose(); // a view
        Npy.write(t, dir.resolve("t.npy"));
        assertEquals(t, Npy.read(dir.resolve("t.npy")));
    }

    @Test
    void headerIsWhatNumpyWritesPaddedToSixtyFourBytes() throws IOException {
        Npy.write(Nd4j.zeros(DataType.FLOAT, 2, 3), dir.resolve("z.npy"));
        byte[] b = Files.readAllBytes(dir.resolve("z.npy"));
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64);
        assertEquals(10 + headerLen + 6 * 4, b.length);
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
    }

    @Test
    void fortranOrderFilesAreReadInTheRightOrder() throws IOException {
        // what np.save(f, np.asfortranarray([[1, 2, 3], [4, 5, 6]], dtype='<f8')) writes: the data column by column
        Path f = dir.resolve("f.npy");
        write(f, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 1, 4, 2, 5, 3, 6);
        assertEquals(Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE), Npy.read(f));
    }

    @Test
    void badFilesFailNamingTheFileAndTheProblem() throws IOException {
        Path missing = dir.resolve("nope.npy");
        UncheckedIOException m = assertThrows(UncheckedIOException.class, () -> Npy.read(missing));
        assertTrue(m.getMessage().contains("missing file") && m.getMessage().contains("nope.npy"), m.getMessage());

        Path text = dir.resolve("text.npy");
        Files.writeString(text, "W,b\n1,2\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Npy.read(text));
        assertTrue(e.getMessage().contains("text.npy") && e.getMessage().contains("not a .npy file"), e.getMessage());

        Path bigEndian = dir.resolve("be.npy");
        write(bigEndian, "{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }", 1);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.read(bigEndian));
        assertTrue(e.getMessage().contains("be.npy") && e.getMessage().contains("'>f8'"), e.getMessage());

        Path truncated = dir.resolve("short.npy");
        write(truncated, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }", 1, 2);
        e = assertThrows(IllegalArgumentException.class, () -> Npy.read(truncated));
        assertTrue(e.getMessage().contains("short.npy") && e.getMessage().contains("truncated"), e.getMessage());
    }

    private static void write(Path f, String header, double... data) throws IOException {
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) h.append(' ');
        h.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + h.length() + 8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        buf.put(h.toString().getBytes(StandardCharsets.US_ASCII));
        for (double d : data) buf.putDouble(d);
        Files.write(f, buf.array());
    }
}
