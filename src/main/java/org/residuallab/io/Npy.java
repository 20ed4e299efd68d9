package org.residuallab.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes NumPy's {@code .npy} format (version 1.0): a short text header
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }} then the raw little-endian data.
 * Writes float32, float64, int32 and int64 in C order; reads those in C or Fortran order.
 * <pre>Npy.write(w, Path.of("W.npy"));      // np.load("W.npy")
 * INDArray w = Npy.read(Path.of("W.npy"));</pre>
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {}

    /** Writes {@code a} (any rank, float32/float64/int32/int64) to {@code file}. */
    public static void write(INDArray a, Path file) {
        String descr = descr(a.dataType());
        long[] shape = a.shape();
        String dims = shape.length == 1 ? shape[0] + "," : Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
        while ((MAGIC.length + 4 + header.length() + 1) % 64 != 0) header.append(' ');
        header.append('\n');
        INDArray c = a.dup('c');
        int width = Integer.parseInt(descr.substring(2));
        ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + header.length() + (int) (c.length() * width)).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.US_ASCII));
        switch (descr) {
            case "<f4": for (float v : c.data().asFloat()) buf.putFloat(v); break;
            case "<f8": for (double v : c.data().asDouble()) buf.putDouble(v); break;
            case "<i4": for (int v : c.data().asInt()) buf.putInt(v); break;
            default: for (long v : c.data().asLong()) buf.putLong(v);
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, buf.array());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a {@code .npy} file; the array keeps the file's type (float32, float64, int32 or int64). */
    public static INDArray read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("missing file " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
            throw new IllegalArgumentException(file + " is not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = bytes[6];
        buf.position(8);
        int headerLen = major == 1 ? Short.toUnsignedInt(buf.getShort()) : buf.getInt();
        String header = new String(bytes, buf.position(), headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        buf.position(buf.position() + headerLen);
        String descr = group(DESCR, header, file, "descr");
        boolean fortran = group(FORTRAN, header, file, "fortran_order").equals("True");
        String dims = group(SHAPE, header, file, "shape").trim();
        long[] shape = dims.isEmpty() ? new long[0]
                : Arrays.stream(dims.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        int width = descr.length() == 3 ? Character.digit(descr.charAt(2), 10) : -1;
        if (!descr.matches("<[fi][48]")) {
            throw new IllegalArgumentException(file + " holds dtype '" + descr + "'; residual-lab reads little-endian float32, float64, int32 or int64 (<f4, <f8, <i4, <i8)");
        }
        if (buf.remaining() < (long) n * width) {
            throw new IllegalArgumentException(file + " is truncated: shape " + Arrays.toString(shape) + " needs " + (long) n * width
                    + " bytes of data but the file has " + buf.remaining());
        }
        int[] order = fortran ? fortranToC(shape) : null;
        INDArray flat;
        switch (descr.substring(1)) {
            case "f4": { float[] v = new float[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getFloat(); flat = Nd4j.createFromArray(v); break; }
            case "f8": { double[] v = new double[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getDouble(); flat = Nd4j.createFromArray(v); break; }
            case "i4": { int[] v = new int[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getInt(); flat = Nd4j.createFromArray(v); break; }
            default: { long[] v = new long[n]; for (int i = 0; i < n; i++) v[at(order, i)] = buf.getLong(); flat = Nd4j.createFromArray(v); }
        }
        return shape.length == 0 ? flat.reshape() : flat.reshape('c', shape);
    }

    private static int at(int[] order, int i) {
        return order == null ? i : order[i];
    }

    /** For each position in Fortran order, the position of the same element in C order. */
    private static int[] fortranToC(long[] shape) {
        int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
        int[] map = new int[n];
        long[] idx = new long[shape.length];
        for (int f = 0; f < n; f++) {
            long c = 0;
            for (int k = 0; k < shape.length; k++) c = c * shape[k] + idx[k];
            map[f] = (int) c;
            for (int k = 0; k < shape.length && ++idx[k] == shape[k]; k++) idx[k] = 0; // first index fastest
        }
        return map;
    }

    private static String group(Pattern p, String header, Path file, String key) {
        Matcher m = p.matcher(header);
        if (!m.find()) throw new IllegalArgumentException(file + ": the .npy header has no '" + key + "': " + header.trim());
        return m.group(1);
    }

    private static String descr(DataType t) {
        switch (t) {
            case FLOAT: return "<f4";
            case DOUBLE: return "<f8";
            case INT: return "<i4";
            case LONG: return "<i8";
            default: throw new IllegalArgumentException("cannot write a " + t + " array as .npy: use FLOAT, DOUBLE, INT or LONG");
        }
    }
}
