package dev.relay.testkit.cycle.a;

/** Half of a deliberate package cycle for PackageArrowsTest. */
public class A {
    public dev.relay.testkit.cycle.b.B b;
}
