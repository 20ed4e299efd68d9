package org.residuallab.data;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of MNIST and Fashion-MNIST (plain or gzipped): a 4-byte magic number (0, 0, type 0x08 for
 * unsigned bytes, the number of dimensions), the dimensions as big-endian ints, then the values. Every header is
 * checked before anything is allocated: a file that declares more values than {@link #MAX_VALUES}, or than it
 * holds, is refused with its name and what it declared.
 */
public final class IdxFile {
    /** The most values one file may declare (Fashion-MNIST's training images are 47 M). */
    public static final long MAX_VALUES = 1L << 28;

    private IdxFile() {}

    /** The dimensions and values of an IDX file of unsigned bytes. */
    public record Contents(int[] dims, byte[] values) {}

    public static Contents read(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) throw new DataFileException(name, "no such file");
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = raw;
            if (name.endsWith(".gz")) in = new GZIPInputStream(raw, 1 << 16);
            DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
            int magic = data.readInt();
            int type = (magic >>> 8) & 0xFF, rank = magic & 0xFF;
            if ((magic >>> 16) != 0 || type != 0x08 || rank < 1 || rank > 4) {
                throw new DataFileException(name, String.format("not an IDX file of unsigned bytes: magic number 0x%08X (expected 0x0000080N, N = 1..4)", magic));
            }
            int[] dims = new int[rank];
            long total = 1;
            for (int d = 0; d < rank; d++) {
                dims[d] = data.readInt();
                if (dims[d] < 1) throw new DataFileException(name, "dimension " + d + " is " + dims[d] + " (must be >= 1)");
                total *= dims[d];
                if (total > MAX_VALUES) throw new DataFileException(name, "its header declares more than " + MAX_VALUES + " values: not read");
            }
            if (!name.endsWith(".gz") && Files.size(file) != 4L + 4L * rank + total) {
                throw new DataFileException(name, "its header declares " + total + " values but the file holds " + (Files.size(file) - 4 - 4 * rank)
                        + " (truncated or not an IDX file)");
            }
            org.residuallab.nn.MemoryGuard.require(org.residuallab.nn.MemoryGuard.Where.HEAP, name, 5.0 * total,
                    "its bytes, then as float32 values", "Use a smaller file");
            byte[] values = data.readNBytes((int) total);   // grows as it reads: a truncated gzip file allocates only what it holds
            if (values.length < total) throw new EOFException();
            if (data.read() != -1) throw new DataFileException(name, "more bytes than its header declares (" + total + " values)");
            return new Contents(dims, values);
        } catch (EOFException e) {
            throw new DataFileException(name, "ends early: fewer values than its header declares (truncated?)");
        } catch (java.util.zip.ZipException e) {
            throw new DataFileException(name, "is not valid gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataFileException(name, "cannot be read (" + e.getMessage() + ")");
        }
    }
}
