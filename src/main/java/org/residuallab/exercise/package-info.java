/**
 * Every notebook exercise's checker, one class each, named {@code XxxExercise} with a static {@code check(...)}
 * that returns a {@link org.residuallab.exercise.Verdict}: correct or not yet, what was measured, and hints, never
 * the answer. A check never throws for a wrong answer.
 * <pre>PathCountExercise.check((n, k) -&gt; pathsOfLength(n, k))   // ✘ not yet correct: counting paths ...</pre>
 */
package org.residuallab.exercise;
