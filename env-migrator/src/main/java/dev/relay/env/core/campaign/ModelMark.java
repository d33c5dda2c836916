package dev.relay.env.core.campaign;

/**
 * What the inventory says to do with a model's environment at the next platform upgrade: recreate it on the new
 * base ({@code replicate}, the default) or only keep its exported spec ({@code retire}: campaigns skip it).
 */
public enum ModelMark {
    replicate, retire;

    public static ModelMark of(String text) {
        for (ModelMark m : values()) {
            if (m.name().equals(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("must be 'replicate' or 'retire', not '" + text + "'");
    }
}
