package io.bucketdigest.template;

/** template.yaml cannot be read, or does not have the shape the pipeline relies on; the message says what to fix. */
public final class TemplateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
