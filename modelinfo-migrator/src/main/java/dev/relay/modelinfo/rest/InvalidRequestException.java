package dev.relay.modelinfo.rest;

/** A request the caller must fix; answered with 400, reason {@code invalid-request}. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
