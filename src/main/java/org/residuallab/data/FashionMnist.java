package org.residuallab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul & Vollgraf 2017; MIT licence): 60,000 training and 10,000 test images of
 * clothing, 28×28 grey levels, 10 classes. Read from its four IDX files (gzipped or not) in a folder:
 * by default {@link #DEFAULT_FOLDER}, where Debian's and Ubuntu's package {@code dataset-fashion-mnist} puts them.
 * <pre>RawImages train = FashionMnist.read(FashionMnist.folder(), true);</pre>
 */
public final class FashionMnist {
    /** Where the Debian/Ubuntu package installs the files. */
    public static final Path DEFAULT_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    /** The classes in label order. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {}

    /** The folder to read: the environment variable RESIDUALLAB_FASHION_MNIST if set, else {@link #DEFAULT_FOLDER}. */
    public static Path folder() {
        String env = System.getenv("RESIDUALLAB_FASHION_MNIST");
        return env == null || env.isBlank() ? DEFAULT_FOLDER : Path.of(env);
    }

    /** True when the folder holds all four files. */
    public static boolean available(Path folder) {
        for (String f : new String[] {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            if (find(folder, f) == null) return false;
        }
        return true;
    }

    /** The training images (60,000) or the test images (10,000) in {@code folder}. */
    public static RawImages read(Path folder, boolean train) {
        String prefix = train ? "train" : "t10k";
        Path images = require(folder, prefix + "-images-idx3-ubyte"), labels = require(folder, prefix + "-labels-idx1-ubyte");
        IdxFile.Contents x = IdxFile.read(images), y = IdxFile.read(labels);
        if (x.dims().length != 3) throw new DataFileException(images.toString(), "holds " + x.dims().length + "-D data, not images (N, H, W)");
        if (y.dims().length != 1) throw new DataFileException(labels.toString(), "holds " + y.dims().length + "-D data, not labels (N)");
        if (x.dims()[0] != y.dims()[0]) {
            throw new DataFileException(folder.toString(), images.getFileName() + " has " + x.dims()[0] + " images but "
                    + labels.getFileName() + " " + y.dims()[0] + " labels");
        }
        int[] l = new int[y.dims()[0]];
        for (int i = 0; i < l.length; i++) {
            l[i] = y.values()[i] & 0xFF;
            if (l[i] > 9) throw new DataFileException(labels.toString(), "label " + l[i] + " at position " + i + " (Fashion-MNIST labels are 0..9)");
        }
        return new RawImages("fashion-mnist-" + (train ? "train" : "test"), x.dims()[0], 1, x.dims()[1], x.dims()[2], x.values(), l);
    }

    private static Path require(Path folder, String base) {
        Path p = find(folder, base);
        if (p != null) return p;
        throw new DataFileException(folder.toString(), "no " + base + " (or " + base + ".gz) here. Fashion-MNIST: install the Debian/Ubuntu "
                + "package dataset-fashion-mnist (sudo apt-get install dataset-fashion-mnist; files in " + DEFAULT_FOLDER + "), or download "
                + "the four files from https://github.com/zalandoresearch/fashion-mnist (MIT licence) into a folder and pass that folder "
                + "(or set RESIDUALLAB_FASHION_MNIST)");
    }

    private static Path find(Path folder, String base) {
        if (folder == null) return null;
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = folder.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }
}
