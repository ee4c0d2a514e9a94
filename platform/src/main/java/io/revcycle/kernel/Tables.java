package io.revcycle.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The tables a feature owns, on its {@code package-info}: only that feature writes them
 * and names them in SQL; other features ask through its API, or join a read-only view it
 * publishes on purpose (for reports that must stay in the database). A test holds every
 * feature's SQL to this.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface Tables {

	/** The tables the feature owns. */
	String[] owns() default {};

	/** The read-only views of its tables the feature publishes for others' queries. */
	String[] publishes() default {};

}
