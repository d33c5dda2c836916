package dev.relay.modelinfo.core;

import java.util.List;

/**
 * A parsed migration file.
 *
 * @param id        the file name without extension, {@code <epoch-millis>_<name>}; the changelog key
 * @param timestamp the epoch-millis prefix, which orders migrations
 * @param fileName  the file name as found in the repository, for messages
 * @param checksum  SHA-256 of the file's bytes; an applied migration must never change
 * @param source    the file's text, kept in the changelog so {@code down} works without the repository
 */
public record Migration(String id, long timestamp, String name, String fileName, String checksum,
                        List<Operation> up, List<Operation> down, String source) {

    public List<Operation> operations(Direction direction) {
        return direction == Direction.UP ? up : down;
    }

    public enum Direction {
        UP("up"), DOWN("down");

        private final String key;

        Direction(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }
}
