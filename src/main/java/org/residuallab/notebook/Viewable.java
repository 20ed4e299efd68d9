package org.residuallab.notebook;

/**
 * A library object that knows how it looks in a notebook (an experiment result: its key chart and a
 * small table). Implementing it needs no kernel; {@link Lab#init()} makes every Viewable render as its
 * {@link View}. Classes that cannot implement it register a function with {@link Lab#register}.
 */
public interface Viewable {
    View view();
}
