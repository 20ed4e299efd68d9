package org.residuallab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads the CIFAR-10 binary format (data_batch_1.bin ... test_batch.bin): records of one label byte (0..9)
 * followed by 3·32·32 pixel bytes, the red, green and blue planes in turn.
 */
public final class CifarBinary {
    /** One record: the label and 3072 pixels. */
    public static final int RECORD = 1 + 3 * 32 * 32;
    /** The largest file read: six times the size of a CIFAR-10 batch file. */
    public static final long MAX_BYTES = 6L * 10000 * RECORD;

    private CifarBinary() {}

    public static RawImages read(Path file) {
        String name = file.toString();
        if (!Files.isRegularFile(file)) throw new DataFileException(name, "no such file");
        try {
            long size = Files.size(file);
            if (size == 0) throw new DataFileException(name, "is empty");
            if (size > MAX_BYTES) throw new DataFileException(name, "is " + size + " bytes, more than " + MAX_BYTES + ": not a CIFAR-10 batch file");
            if (size % RECORD != 0) {
                throw new DataFileException(name, size + " bytes is not a whole number of " + RECORD + "-byte records (1 label + 3×32×32 pixels): truncated or not CIFAR-10");
            }
            org.residuallab.nn.MemoryGuard.require(org.residuallab.nn.MemoryGuard.Where.HEAP, name, 6.0 * size,
                    "its bytes, then as float32 values", "Use a smaller file");
            byte[] all = Files.readAllBytes(file);
            int n = (int) (size / RECORD);
            byte[] pixels = new byte[n * (RECORD - 1)];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = all[i * RECORD] & 0xFF;
                if (labels[i] > 9) throw new DataFileException(name, "record " + i + " has label " + labels[i] + " (CIFAR-10 labels are 0..9)");
                System.arraycopy(all, i * RECORD + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
            return new RawImages(file.getFileName().toString(), n, 3, 32, 32, pixels, labels);
        } catch (IOException e) {
            throw new DataFileException(name, "cannot be read (" + e.getMessage() + ")");
        }
    }
}
