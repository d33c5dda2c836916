package dev.relay.bumper.core;

/** A manifest the YAML parser refuses; it is left untouched. */
public class UnparsableFileException extends Exception {

    private final String path;

    public UnparsableFileException(String path, String problem) {
        super(path + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
