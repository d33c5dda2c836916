package dev.relay.testkit.cycle.b;

/** The other half of the deliberate package cycle. */
public class B {
    public dev.relay.testkit.cycle.a.A a;
}
