package org.residuallab.lesson;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.residuallab.check.Cmp;
import org.residuallab.nn.ResidualBlock;

class BlockWalkTest {
    private final BlockWalk walk = BlockWalk.of(Tiny.kerasBlock(4, 1), Tiny.gaussian(3, 4, 2), Tiny.gaussian(3, 4, 3));

    @Test
    void theWalkKeepsItsArraysWhenTheBlockRunsAgain() {
        ResidualBlock block = Tiny.kerasBlock(4, 1);
        BlockWalk first = BlockWalk.of(block, Tiny.gaussian(3, 4, 2), Tiny.gaussian(3, 4, 3));
        INDArray out = first.out().dup(), branch = first.branch().dup(), dX = first.dX().dup(), dSum = first.dSum().dup();
        BlockWalk.of(block, Tiny.gaussian(3, 4, 7), Tiny.gaussian(3, 4, 8));   // the same block, other numbers
        assertEquals(out, first.out());
        assertEquals(branch, first.branch());
        assertEquals(dX, first.dX());
        assertEquals(dSum, first.dSum());
    }

    @Test
    void forwardPiecesAddUpToTheBlockOutput() {
        assertEquals(walk.x(), walk.skip(), "identity skip");
        assertTrue(Cmp.of("sum", walk.sum(), walk.branch().add(walk.x())).exact());
        assertTrue(Cmp.of("out", walk.out(), Transforms.relu(walk.sum(), true)).exact());
    }

    @Test
    void inputGradientIsBranchGradientPlusSkipGradient() {
        assertTrue(Cmp.of("dX", walk.dX(), walk.dBranch().add(walk.dSkip())).approximate());
        assertTrue(Cmp.of("skip", walk.dSkip(), walk.dSum()).exact(), "the identity skip passes dSum unchanged");
        INDArray reluMask = walk.sum().gt(0).castTo(walk.dOut().dataType());
        assertTrue(Cmp.of("dSum", walk.dSum(), walk.dOut().mul(reluMask)).exact());
    }

    @Test
    void eq5FromTheFiniteDifferenceJacobianPredictsTheInputGradient() {
        assertArrayEquals(new long[] {12, 12}, walk.jacobian().shape());
        Cmp c = Cmp.of("Eq. 5", walk.eq5(), walk.dX());
        assertTrue(c.maxDiff() < 1e-8, c.toString());
        assertEquals(1.0 + walk.jacobian().getDouble(0, 0), walk.onePlusJacobian().getDouble(0, 0), 1e-15);
    }

    @Test
    void batchNormCouplesTheExamplesInTheBranchJacobian() {
        double crossExample = walk.jacobian().getDouble(0, 4); // output of example 0, input of example 1
        assertNotEquals(0.0, crossExample);
    }

    @Test
    void eq5RefusesAProjectionShortcut() {
        ResidualBlock b = Tiny.kerasBlock(4, 1).projection(false);
        b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        BlockWalk w = BlockWalk.of(b, Tiny.gaussian(3, 4, 2), Tiny.gaussian(3, 4, 3));
        assertThrows(IllegalStateException.class, w::eq5);
    }

    @Test
    void showAlignsColumnsWithoutNegativeZero() {
        INDArray a = org.nd4j.linalg.factory.Nd4j.create(new double[] {1, -0.00001, -12.5, 0}, new long[] {2, 2});
        assertEquals("[[  1.00   0.00]\n [-12.50   0.00]]", Tiny.show(a, 2));
    }
}
