package io.tally.gossip;

/**
 * A membership change the application should know about.
 *
 * @param kind what happened
 * @param member the member after the change
 * @param atMs local time of the change (ms)
 */
public record MemberEvent(Kind kind, Member member, long atMs) {
    /** What changed. */
    public enum Kind {
        /** A member not known before is alive. */
        JOINED,
        /** A suspect, dead or left member is alive again (it refuted or came back). */
        ALIVE,
        /** A member is suspected. */
        SUSPECT,
        /** A member was declared dead. */
        DEAD,
        /** A member left gracefully. */
        LEFT,
        /** A live member announced new metadata or address. */
        UPDATED,
        /** A dead or left member was forgotten; it may come back later as a new member. */
        REAPED
    }
}
