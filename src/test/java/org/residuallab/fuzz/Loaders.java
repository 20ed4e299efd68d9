package org.residuallab.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.residuallab.data.CharText;
import org.residuallab.data.CifarBinary;
import org.residuallab.data.CsvLoader;
import org.residuallab.data.Dataset;
import org.residuallab.data.FashionMnist;
import org.residuallab.data.IdxFile;
import org.residuallab.io.ModelIO;
import org.residuallab.io.Npy;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import org.residuallab.nn.Model;
import org.residuallab.nn.Models;

/**
 * Every loader of a file that a student may hand the library, with a valid file of its format and the malformed files
 * only that format has (a wrong magic number, a header declaring a huge shape). {@link LoaderFuzzTest} generates the
 * rest (empty, truncated, random bytes, flipped bytes) and checks that every public {@code read}/{@code load} method
 * taking a {@link Path} in org.residuallab.data and org.residuallab.io is listed here: a new loader joins the fuzzing
 * by being added to {@link #ALL}, and the test names it until it is.
 */
final class Loaders {
    private Loaders() {}

    /** What a special case must do: fail with a message naming the file, load, or either. */
    enum Expect { FAIL, LOAD, EITHER }

    /** A hand-made malformed (or tricky) file of a format. */
    record Special(String label, byte[] bytes, Expect expect) {}

    /** One loader: the methods it covers ("Class.method"), a valid file, its special cases, and how to call it on a path. */
    interface Loader {
        String name();
        List<String> covers();
        String suffix();
        byte[] valid(Random rng);
        List<Special> specials(Random rng, Path scratch) throws IOException;
        /** Loads {@code file}; returns what was loaded (checked for non-finite values where it is a data set). */
        Object load(Path file) throws IOException;
        /** The text an error must name: the file (or folder). */
        default String named(Path file) { return file.toString(); }
    }

    static final List<Loader> ALL = List.of(new Csv(), new NpyLoader(), new Idx(false), new Idx(true), new Cifar(), new Text(), new Fashion(), new Params());

    // ---- CSV -----------------------------------------------------------------------------------------------------
    static final class Csv implements Loader {
        public String name() { return "csv"; }
        public List<String> covers() { return List.of("CsvLoader.read"); }
        public String suffix() { return ".csv"; }
        public byte[] valid(Random rng) {
            StringBuilder s = new StringBuilder("x1,x2,label\n");
            for (int i = 0; i < 20; i++) s.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f,%s%n", rng.nextGaussian(), rng.nextGaussian(), i % 2 == 0 ? "a" : "b"));
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        public List<Special> specials(Random rng, Path scratch) {
            String good = new String(valid(rng), StandardCharsets.UTF_8);
            return List.of(
                    new Special("a NaN cell", (good + "NaN,1,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("an Infinity cell", (good + "1,Infinity,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("-inf", (good + "1,-inf,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("1e999 (overflows to infinity)", (good + "1e999,1,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("a ragged row", (good + "1,2,3,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("a short row", (good + "1,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("a byte-order mark", ("\uFEFF" + good).getBytes(StandardCharsets.UTF_8), Expect.LOAD),
                    new Special("a byte-order mark before numbers", ("\uFEFF" + good.substring(good.indexOf('\n') + 1)).getBytes(StandardCharsets.UTF_8), Expect.LOAD),
                    new Special("CRLF line ends", good.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8), Expect.LOAD),
                    new Special("CR-only line ends", good.replace("\n", "\r").getBytes(StandardCharsets.UTF_8), Expect.LOAD),
                    new Special("a quote never closed", (good + "\"1,2,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("only a header", "x1,x2,label\n".getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("a missing label", (good + "1,2,\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("a missing value", (good + "1,,a\n").getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("one column", "1\n2\n3\n".getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("latin-1 bytes", new byte[] {'x', ',', 'y', '\n', (byte) 0xE9, ',', '1', '\n'}, Expect.FAIL),
                    new Special("blank lines and comments only", "\n# nothing\n   \n".getBytes(StandardCharsets.UTF_8), Expect.FAIL));
        }
        public Object load(Path file) { return CsvLoader.classification().read(file); }
    }

    // ---- .npy ----------------------------------------------------------------------------------------------------
    static final class NpyLoader implements Loader {
        public String name() { return "npy"; }
        public List<String> covers() { return List.of("Npy.read"); }
        public String suffix() { return ".npy"; }
        public byte[] valid(Random rng) {
            try {
                Path t = Files.createTempFile("valid", ".npy");
                Npy.write(Nd4j.rand(DataType.FLOAT, 3, 4), t);
                byte[] b = Files.readAllBytes(t);
                Files.delete(t);
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        static byte[] npy(int version, String header, int dataBytes) {
            byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer b = ByteBuffer.allocate(6 + 2 + (version == 1 ? 2 : 4) + h.length + dataBytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
            if (version == 1) b.putShort((short) h.length); else b.putInt(h.length);
            b.put(h);
            return b.array();
        }
        public List<Special> specials(Random rng, Path scratch) {
            byte[] good = valid(rng);
            byte[] magic = good.clone();
            magic[1] = 'X';
            byte[] longHeader = good.clone();
            longHeader[8] = (byte) 0xFF;
            longHeader[9] = (byte) 0x7F;
            return List.of(
                    new Special("a wrong magic number", magic, Expect.FAIL),
                    new Special("a huge shape (10^12, 10^12)", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 1000000000000), }\n", 16), Expect.FAIL),
                    new Special("a shape just over 2^31 values", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (65536, 32769), }\n", 16), Expect.FAIL),
                    new Special("a huge shape in Fortran order", npy(1, "{'descr': '<i8', 'fortran_order': True, 'shape': (99999999999,), }\n", 16), Expect.FAIL),
                    new Special("a shape that is not numbers", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (a, b), }\n", 16), Expect.FAIL),
                    new Special("a negative shape", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-4,), }\n", 16), Expect.FAIL),
                    new Special("no shape", npy(1, "{'descr': '<f4', 'fortran_order': False, }\n", 16), Expect.FAIL),
                    new Special("a complex dtype", npy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (2,), }\n", 16), Expect.FAIL),
                    new Special("a big-endian dtype", npy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }\n", 8), Expect.FAIL),
                    new Special("an empty dtype", npy(1, "{'descr': '', 'fortran_order': False, 'shape': (2,), }\n", 8), Expect.FAIL),
                    new Special("version 2 with a header length past the end", npy(2, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 0), Expect.EITHER),
                    new Special("a header length past the end", longHeader, Expect.FAIL),
                    new Special("format version 9", npy(9, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 8), Expect.FAIL),
                    new Special("only the magic", new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}, Expect.FAIL),
                    new Special("a 1-D shape with a trailing comma", npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }\n", 8), Expect.LOAD),
                    new Special("a scalar", npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }\n", 8), Expect.LOAD));
        }
        public Object load(Path file) { return Npy.read(file); }
    }

    // ---- IDX (MNIST, Fashion-MNIST), plain and gzipped ------------------------------------------------------------
    static final class Idx implements Loader {
        private final boolean gz;
        Idx(boolean gz) { this.gz = gz; }
        public String name() { return gz ? "idx.gz" : "idx"; }
        public List<String> covers() { return List.of("IdxFile.read"); }
        public String suffix() { return gz ? "-ubyte.gz" : "-ubyte"; }
        static byte[] idx(int magic, int[] dims, int values) {
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + values);
            b.putInt(magic);
            for (int d : dims) b.putInt(d);
            return b.array();
        }
        byte[] wrap(byte[] raw) { return gz ? gzip(raw) : raw; }
        public byte[] valid(Random rng) {
            byte[] b = idx(0x0803, new int[] {5, 4, 4}, 80);
            for (int i = 16; i < b.length; i++) b[i] = (byte) rng.nextInt(256);
            return wrap(b);
        }
        public List<Special> specials(Random rng, Path scratch) {
            List<Special> s = new ArrayList<>(List.of(
                    new Special("a wrong magic number", wrap(idx(0x0D03, new int[] {5, 4, 4}, 80)), Expect.FAIL),
                    new Special("floats, not bytes (type 0x0D)", wrap(idx(0x0D01, new int[] {5}, 20)), Expect.FAIL),
                    new Special("rank 0", wrap(idx(0x0800, new int[0], 4)), Expect.FAIL),
                    new Special("rank 9", wrap(idx(0x0809, new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1)), Expect.FAIL),
                    new Special("a huge shape (2^31-1)^3", wrap(idx(0x0803, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, 16)), Expect.FAIL),
                    new Special("2^28 values declared, 16 present", wrap(idx(0x0803, new int[] {1 << 20, 16, 16}, 16)), Expect.FAIL),
                    new Special("a negative dimension", wrap(idx(0x0803, new int[] {-5, 4, 4}, 80)), Expect.FAIL),
                    new Special("a zero dimension", wrap(idx(0x0801, new int[] {0}, 0)), Expect.FAIL),
                    new Special("extra bytes after the values", wrap(idx(0x0801, new int[] {4}, 9)), Expect.FAIL)));
            if (gz) s.add(new Special("not gzip at all", idx(0x0801, new int[] {4}, 4), Expect.FAIL));
            return s;
        }
        public Object load(Path file) { return IdxFile.read(file); }
    }

    // ---- CIFAR-10 binary -----------------------------------------------------------------------------------------
    static final class Cifar implements Loader {
        public String name() { return "cifar-bin"; }
        public List<String> covers() { return List.of("CifarBinary.read"); }
        public String suffix() { return ".bin"; }
        public byte[] valid(Random rng) {
            byte[] b = new byte[2 * CifarBinary.RECORD];
            rng.nextBytes(b);
            b[0] = 3;
            b[CifarBinary.RECORD] = 9;
            return b;
        }
        public List<Special> specials(Random rng, Path scratch) {
            byte[] label = valid(rng);
            label[CifarBinary.RECORD] = (byte) 200;
            return List.of(new Special("a label of 200", label, Expect.FAIL),
                    new Special("one byte short of a record", java.util.Arrays.copyOf(valid(rng), CifarBinary.RECORD - 1), Expect.FAIL),
                    new Special("a sparse file bigger than the limit", null, Expect.FAIL));   // written by the test with setLength
        }
        public Object load(Path file) { return CifarBinary.read(file); }
    }

    // ---- UTF-8 text (CharText) -----------------------------------------------------------------------------------
    static final class Text implements Loader {
        public String name() { return "text"; }
        public List<String> covers() { return List.of("CharText.read"); }
        public String suffix() { return ".txt"; }
        public byte[] valid(Random rng) {
            StringBuilder s = new StringBuilder();
            String words = "to be or not to be that is the question whether tis nobler in the mind ";
            for (int i = 0; i < 6; i++) s.append(words);
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        public List<Special> specials(Random rng, Path scratch) {
            String good = new String(valid(rng), StandardCharsets.UTF_8);
            return List.of(new Special("one distinct character", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("invalid UTF-8", new byte[] {'a', 'b', (byte) 0xC3, (byte) 0x28, 'c', 'd'}, Expect.FAIL),
                    new Special("too short for one window", "abcab".getBytes(StandardCharsets.UTF_8), Expect.FAIL),
                    new Special("more than 256 distinct characters", distinct(400), Expect.FAIL),
                    new Special("a byte-order mark and CRLF", ("\uFEFF" + good.replace(" ", "\r\n")).getBytes(StandardCharsets.UTF_8), Expect.LOAD));
        }
        static byte[] distinct(int n) {
            StringBuilder s = new StringBuilder();
            for (int r = 0; r < 3; r++) for (int i = 0; i < n; i++) s.appendCodePoint(0x4E00 + i);
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        public Object load(Path file) { return CharText.read(file, 8, 0.2).split().train(); }
    }

    // ---- Fashion-MNIST folder: the images file is the fuzzed one, the other three are valid ----------------------
    static final class Fashion implements Loader {
        public String name() { return "fashion-mnist folder"; }
        public List<String> covers() { return List.of("FashionMnist.read", "Images.fashionMnist"); }
        public String suffix() { return "/train-images-idx3-ubyte"; }
        public byte[] valid(Random rng) {
            byte[] b = Idx.idx(0x0803, new int[] {10, 28, 28}, 10 * 28 * 28);
            for (int i = 16; i < b.length; i++) b[i] = (byte) rng.nextInt(256);
            return b;
        }
        static void companions(Path folder) throws IOException {
            byte[] labels = Idx.idx(0x0801, new int[] {10}, 10);
            for (int i = 0; i < 10; i++) labels[8 + i] = (byte) i;
            Files.write(folder.resolve("train-labels-idx1-ubyte"), labels);
            Files.write(folder.resolve("t10k-labels-idx1-ubyte"), labels);
            Files.write(folder.resolve("t10k-images-idx3-ubyte"), Idx.idx(0x0803, new int[] {10, 28, 28}, 10 * 28 * 28));
        }
        public List<Special> specials(Random rng, Path scratch) {
            return List.of(new Special("11 images for 10 labels", Idx.idx(0x0803, new int[] {11, 28, 28}, 11 * 28 * 28), Expect.FAIL),
                    new Special("2-D data, not images", Idx.idx(0x0802, new int[] {10, 784}, 7840), Expect.FAIL),
                    new Special("images 1×1", Idx.idx(0x0803, new int[] {10, 1, 1}, 10), Expect.EITHER));
        }
        public Object load(Path file) throws IOException {
            companions(file.getParent());
            return org.residuallab.data.Images.fashionMnist(file.getParent(), 1, 1, 1).train();
        }
        public String named(Path file) { return file.getParent().toString(); }
    }

    // ---- a model's parameters from .npy files (ModelIO.loadParams): one parameter's file is the fuzzed one --------
    static final class Params implements Loader {
        static Model model() { return Models.mlp(1, 4, "relu", Init.he(), BlockKind.RESIDUAL).inputs(2).outputs(3).seed(1).build(); }
        public String name() { return "model parameters (.npy folder)"; }
        public List<String> covers() { return List.of("ModelIO.loadParams"); }
        public String suffix() { return "/" + ModelIO.fileName(model().params().get(0)) + ".npy"; }
        public byte[] valid(Random rng) {
            try {
                Path t = Files.createTempFile("p", ".npy");
                Npy.write(model().params().get(0).value(), t);
                byte[] b = Files.readAllBytes(t);
                Files.delete(t);
                return b;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        public List<Special> specials(Random rng, Path scratch) {
            return List.of(new Special("a transposed weight", NpyLoader.npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4, 2), }\n", 32), Expect.FAIL),
                    new Special("float64 of the right shape", NpyLoader.npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 4), }\n", 64), Expect.EITHER));
        }
        public Object load(Path file) {
            Model m = model();
            Path dir = file.getParent();
            for (int i = 1; i < m.params().size(); i++) Npy.write(m.params().get(i).value(), dir.resolve(ModelIO.fileName(m.params().get(i)) + ".npy"));
            ModelIO.loadParams(m, dir);
            return m;
        }
        public String named(Path file) { return file.getParent().toString(); }
    }

    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Non-finite numbers in what was loaded (a data set's features), or null. */
    static String nonFinite(Object loaded) {
        if (loaded instanceof Dataset d) {
            var f = d.features().castTo(DataType.DOUBLE);
            if (f.length() > 0 && !Double.isFinite(f.sumNumber().doubleValue())) return "its features hold NaN or infinity";
        }
        return null;
    }
}
