/**
 * Experiments that compare plain and residual networks under identical conditions:
 * {@link org.residuallab.experiment.Compare} (side by side, with probes),
 * {@link org.residuallab.experiment.DepthSweep} (depth × kind: gradients at initialisation and final
 * scores) and {@link org.residuallab.experiment.Lesion} (Veit et al. 2016: remove one block at a time), for MLPs, CIFAR
 * ResNets and transformers alike ({@link org.residuallab.experiment.ModelRecipe}: the twins of a family, sized from the data).
 * Results carry their configuration and give tidy Tablesaw tables; the same seeds reproduce every number.
 */
package org.residuallab.experiment;
