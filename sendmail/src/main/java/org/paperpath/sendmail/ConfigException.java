package org.paperpath.sendmail;

/** A setting in the environment this program cannot use; the exit status is 78 (EX_CONFIG). */
final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }
}
