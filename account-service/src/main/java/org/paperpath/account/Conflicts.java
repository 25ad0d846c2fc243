package org.paperpath.account;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation that can answer 409 (an {@link AccountConflictException}); the OpenAPI document
 * lists the 409 with {@link #value} as its description ({@link AccountApiDocumentation}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Conflicts {

    /** When the conflict arises, for the OpenAPI document. */
    String value();
}
