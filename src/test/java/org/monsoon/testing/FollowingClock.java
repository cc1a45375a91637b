package org.monsoon.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/** A UTC clock that reads its time from a test's own notion of now, so that the test can move it. */
public final class FollowingClock extends Clock {
    private final Supplier<Instant> now;

    public FollowingClock(Supplier<Instant> now) {
        this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
