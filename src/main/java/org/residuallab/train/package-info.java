/**
 * Training: {@link org.residuallab.train.Trainer} runs a {@link org.residuallab.train.TrainConfig}
 * (budget, batch size, optimizer, schedule, seed) on a model and data, tells
 * {@link org.residuallab.train.TrainingListener}s about every step, stops when the thread is
 * interrupted, and returns a {@link org.residuallab.train.TrainResult} with its
 * {@link org.residuallab.train.History} and full configuration.
 */
package org.residuallab.train;
