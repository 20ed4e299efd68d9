package org.residuallab.cli;

import java.util.Locale;
import org.nd4j.linalg.api.buffer.DataType;
import org.residuallab.nn.BlockKind;
import org.residuallab.nn.Init;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the library's names, reporting the library's own message on a bad value. */
public final class Converters {
    private Converters() {}

    public static final class InitConverter implements ITypeConverter<Init> {
        @Override
        public Init convert(String s) {
            try {
                return Init.parse(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class BlockKindConverter implements ITypeConverter<BlockKind> {
        @Override
        public BlockKind convert(String s) {
            try {
                return BlockKind.parse(s);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** "float"/"float32" or "double"/"float64". */
    public static DataType dtype(String s) {
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "float": case "float32": return DataType.FLOAT;
            case "double": case "float64": return DataType.DOUBLE;
            default: throw new IllegalArgumentException("unknown dtype '" + s + "': expected float or double");
        }
    }
}
