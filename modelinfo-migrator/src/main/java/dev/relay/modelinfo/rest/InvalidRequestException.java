package dev.relay.modelinfo.rest;

/** A request the caller must fix; answered with 400 and a problem body. */
public class InvalidRequestException extends RuntimeException {

    public InvalidRequestException(String message) {
        super(message);
    }
}
