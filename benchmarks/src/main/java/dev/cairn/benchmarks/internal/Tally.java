package dev.cairn.benchmarks.internal;

/**
 * What one contender did over the measured rounds of an interleaved measurement, summed round by round. Its rate is
 * total events over total measured time, so a round is weighted by how long it ran, not counted once.
 *
 * @param rounds   measured rounds added so far
 * @param events   events written or read over those rounds
 * @param nanos    time measured over those rounds (the gaps between rounds, when others ran, are not included)
 * @param commands server commands sent during those rounds
 * @param complete whether every round finished its work (a read reaching the end of the store) rather than stopping
 *                 at a time cap
 */
public record Tally(int rounds, long events, long nanos, CommandCounter.Counts commands, boolean complete) {

    public Tally {
        if (rounds < 0 || events < 0 || nanos < 0 || commands == null) {
            throw new IllegalArgumentException("A tally counts up from nothing: " + rounds + " rounds, " + events
                                                       + " events, " + nanos + " ns, commands " + commands);
        }
    }

    /**
     * @return the tally before the first round
     */
    public static Tally empty() {
        return new Tally(0, 0, 0, CommandCounter.Counts.none(), true);
    }

    /**
     * @return this tally with one more round added
     */
    public Tally plus(long roundEvents, long roundNanos, CommandCounter.Counts roundCommands, boolean roundComplete) {
        return new Tally(rounds + 1, events + roundEvents, nanos + roundNanos, commands.plus(roundCommands),
                         complete && roundComplete);
    }

    /**
     * @return events per second over all measured rounds, or 0 before any time was measured
     */
    public double eventsPerSecond() {
        return nanos == 0 ? 0 : events / (nanos / 1e9);
    }

    /**
     * @return server commands per event over all measured rounds, or 0 before any event
     */
    public double commandsPerEvent() {
        return events == 0 ? 0 : (double) commands.total() / events;
    }
}
