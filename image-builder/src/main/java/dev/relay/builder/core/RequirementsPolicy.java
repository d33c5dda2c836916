package dev.relay.builder.core;

/**
 * What a model may declare in its requirements files.
 *
 * @param allowRanges             accept specifiers other than an exact pin (a model opts in through relay.yaml)
 * @param allowDirectReferences   accept {@code -e}, VCS and URL requirements (platform setting)
 * @param allowIndexOptions       accept {@code --index-url}/{@code --extra-index-url}/{@code --find-links} lines (platform setting)
 * @param platformPackage         the package the platform wants declared first, e.g. {@code promote}; null for none
 * @param platformPackageRequired whether the platform package must be the first requirement
 */
public record RequirementsPolicy(boolean allowRanges, boolean allowDirectReferences, boolean allowIndexOptions,
                                 String platformPackage, boolean platformPackageRequired) {

    public static RequirementsPolicy strict(String platformPackage) {
        return new RequirementsPolicy(false, false, false, platformPackage, platformPackage != null);
    }

    public RequirementsPolicy withAllowRanges(boolean allow) {
        return new RequirementsPolicy(allow, allowDirectReferences, allowIndexOptions, platformPackage, platformPackageRequired);
    }
}
