package io.bucketdigest.aws.config;

/** The function's environment is incomplete or wrong; the message names each variable to fix. */
public final class ConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
