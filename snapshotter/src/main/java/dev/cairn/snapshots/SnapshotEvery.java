package dev.cairn.snapshots;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Snapshots the annotated aggregate every {@link #value()} events. An explicit {@code snapshotEvery(type, n)} on the
 * Cairn builder (or a threshold given to {@link CairnSnapshots.Builder#threshold}) overrides the annotation.
 * <pre>
 * &#64;SnapshotEvery(100)
 * &#64;Revision("3")
 * public class Order { ... }
 * </pre>
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SnapshotEvery {

    /**
     * @return the number of events after which a new snapshot is taken; at least 1
     */
    int value();
}
