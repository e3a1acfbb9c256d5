package dev.cairn.processing.tokenstore;

import dev.cairn.mongo.embedded.junit.MutableClock;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.MergedTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventhandling.tokenstore.UnableToInitializeTokenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The semantics of Axon's {@link TokenStore} as Axon's own {@code JdbcTokenStore} implements them (and as
 * {@code JdbcTokenStoreTest} exercises them), written once so every token store Cairn ships can be held to them.
 * <p>
 * A subclass supplies stores that share one storage, and a way to empty that storage. All stores built during one test
 * read the same {@link #clock}; tests move it forward with {@link MutableClock#advance(Duration)} to make claims
 * expire, so nothing here sleeps. Claim timestamps are compared at millisecond precision (Axon's JDBC store keeps
 * them as ISO-8601 strings with milliseconds), so the clock only ever moves by whole milliseconds.
 * <p>
 * Every call on a store built by {@link #store(String)} runs in its own transaction from {@link #transactionManager()},
 * the way an event processor calls a token store.
 * <p>
 * Conventions: nodes are named {@value #NODE_A}, {@value #NODE_B} and {@value #NODE_C}; unless a case says otherwise
 * every node has a claim timeout of {@link #CLAIM_TIMEOUT}. A claim refused because another node holds it is an
 * {@link UnableToClaimTokenException} whose message names the holder.
 * <p>
 * Two cases go beyond what {@code JdbcTokenStore} does, and its subclass disables them with the reason:
 * {@link #deleteTokenRefusalNamesTheNodeHoldingTheClaim()} (optional for any store: override it with
 * {@code @Test @Disabled("reason")} calling {@code super}) and {@link #storeTokenTakesOverAnExpiredClaim()} (where
 * Axon's JDBC and JPA stores disagree; Cairn follows JPA).
 */
public abstract class TokenStoreContract {

    protected static final String NODE_A = "node-A";
    protected static final String NODE_B = "node-B";
    protected static final String NODE_C = "node-C";
    protected static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(10);
    protected static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private static final Duration ONE_MILLI = Duration.ofMillis(1);
    private static final String PROCESSOR = "projection";

    /**
     * The clock every store built in the current test must use for claim timestamps and expiry.
     */
    protected final MutableClock clock = new MutableClock(START);

    private TokenStore nodeA;
    private TokenStore nodeB;

    /**
     * Builds a token store sharing its storage with every other store built in the same test.
     *
     * @param nodeId       the owner name this store claims tokens with
     * @param claimTimeout how long a claim of another node must have gone unrenewed before this store may take it over
     * @param clock        the clock this store must read for claim timestamps and expiry (always {@link #clock})
     * @return a store on the shared storage
     */
    protected abstract TokenStore tokenStore(String nodeId, Duration claimTimeout, Clock clock);

    /**
     * Removes every token (and anything else the stores keep, such as the storage identifier) from the shared storage.
     * Called before each test, before any store is built.
     */
    protected abstract void deleteAllTokens();

    /**
     * @return the transaction manager each store call runs in; none by default
     */
    protected TransactionManager transactionManager() {
        return NoTransactionManager.INSTANCE;
    }

    /**
     * @return a store for {@code nodeId} with the default {@link #CLAIM_TIMEOUT}, each call in its own transaction
     */
    protected final TokenStore store(String nodeId) {
        return store(nodeId, CLAIM_TIMEOUT);
    }

    /**
     * @return a store for {@code nodeId} with the given claim timeout, each call in its own transaction
     */
    protected final TokenStore store(String nodeId, Duration claimTimeout) {
        return inTransactions(tokenStore(nodeId, claimTimeout, clock));
    }

    @BeforeEach
    void startFromEmptyStorage() {
        deleteAllTokens();
        nodeA = store(NODE_A);
        nodeB = store(NODE_B);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Initializing segments
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void initializeTokenSegmentsCreatesSegmentsZeroToCountMinusOne() {
        // Given an empty store
        // When node A initializes seven segments
        nodeA.initializeTokenSegments(PROCESSOR, 7);

        // Then the processor has segments 0 to 6, and no other processor has any
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(nodeB.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6);
        assertThat(nodeA.fetchSegments("another-projection")).isEmpty();
    }

    @Test
    public void initializeTokenSegmentsWithoutInitialTokenStoresNullTokens() {
        // Given three segments initialized without an initial token
        nodeA.initializeTokenSegments(PROCESSOR, 3);

        // When each is fetched
        // Then each holds a null token
        for (int segment = 0; segment < 3; segment++) {
            assertThat(nodeA.fetchToken(PROCESSOR, segment)).isNull();
        }
    }

    @Test
    public void initializeTokenSegmentsStoresTheInitialTokenInEverySegment() {
        // Given four segments initialized at position 10
        GlobalSequenceTrackingToken initialToken = new GlobalSequenceTrackingToken(10);
        nodeA.initializeTokenSegments(PROCESSOR, 4, initialToken);

        // When each is fetched
        // Then each holds the initial token
        for (int segment = 0; segment < 4; segment++) {
            assertThat(nodeA.fetchToken(PROCESSOR, segment)).isEqualTo(initialToken);
        }
    }

    @Test
    public void initializeTokenSegmentsLeavesEverySegmentUnclaimed() {
        // Given node A initialized three segments
        nodeA.initializeTokenSegments(PROCESSOR, 3, new GlobalSequenceTrackingToken(5));

        // When node B fetches each of them
        // Then node B claims every one: initializing claimed none
        for (int segment = 0; segment < 3; segment++) {
            assertThat(nodeB.fetchToken(PROCESSOR, segment)).isEqualTo(new GlobalSequenceTrackingToken(5));
        }
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);
    }

    @Test
    public void initializeTokenSegmentsOfAnInitializedProcessorIsRefused() {
        // Given node A initialized two segments at position 3
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(3));

        // When node A initializes the processor again
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(99)));

        // And the existing segments and their tokens are untouched
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(3));
        assertThat(nodeB.fetchToken(PROCESSOR, 1)).isEqualTo(new GlobalSequenceTrackingToken(3));
    }

    @Test
    public void initializeTokenSegmentsByASecondNodeIsRefused() {
        // Given node A initialized three segments at position 3
        nodeA.initializeTokenSegments(PROCESSOR, 3, new GlobalSequenceTrackingToken(3));

        // When node B initializes the same processor, with more segments and another token
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeB.initializeTokenSegments(PROCESSOR, 5, new GlobalSequenceTrackingToken(99)));

        // And node A's segments and tokens are untouched
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1, 2);
        for (int segment = 0; segment < 3; segment++) {
            assertThat(nodeA.fetchToken(PROCESSOR, segment)).isEqualTo(new GlobalSequenceTrackingToken(3));
        }
    }

    @Test
    public void concurrentInitializeTokenSegmentsLetsExactlyOneNodeWin() throws Exception {
        // Given two nodes on the same storage, racing to initialize the same processor, over many rounds
        int rounds = 25;
        int segmentCount = 4;
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < rounds; round++) {
                String processor = "race-" + round;
                GlobalSequenceTrackingToken tokenOfA = new GlobalSequenceTrackingToken(round);
                GlobalSequenceTrackingToken tokenOfB = new GlobalSequenceTrackingToken(1000 + round);
                CountDownLatch startGate = new CountDownLatch(1);

                // When both initialize at once
                Future<?> byA = executor.submit(() -> {
                    startGate.await();
                    nodeA.initializeTokenSegments(processor, segmentCount, tokenOfA);
                    return null;
                });
                Future<?> byB = executor.submit(() -> {
                    startGate.await();
                    nodeB.initializeTokenSegments(processor, segmentCount, tokenOfB);
                    return null;
                });
                startGate.countDown();
                Optional<Throwable> failureOfA = failureOf(byA);
                Optional<Throwable> failureOfB = failureOf(byB);

                // Then exactly one succeeds and the other is refused as a claim failure (not a storage error)
                assertThat(failureOfA.isPresent())
                        .as("round %d: exactly one of the two initializations fails (A: %s, B: %s)",
                            round, failureOfA, failureOfB)
                        .isNotEqualTo(failureOfB.isPresent());
                Throwable failure = failureOfA.orElseGet(failureOfB::get);
                assertThat(failure).as("round %d", round).isInstanceOf(UnableToClaimTokenException.class);

                // And the processor has exactly the winner's segments, every one holding the winner's token
                GlobalSequenceTrackingToken winnersToken = failureOfA.isPresent() ? tokenOfB : tokenOfA;
                assertThat(nodeA.fetchSegments(processor)).as("round %d", round)
                                                          .containsExactlyInAnyOrder(0, 1, 2, 3);
                for (int segment = 0; segment < segmentCount; segment++) {
                    assertThat(nodeA.fetchToken(processor, segment)).as("round %d segment %d", round, segment)
                                                                    .isEqualTo(winnersToken);
                }
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    public void segmentsMustBeInitializedExplicitly() {
        // Given a store
        // When asked whether segments must be initialized explicitly
        // Then it says so: fetching or storing never creates a segment
        assertThat(nodeA.requiresExplicitSegmentInitialization()).isTrue();
    }

    @Test
    public void fetchTokenOfAnUninitializedSegmentIsRefusedAndCreatesNothing() {
        // Given a processor with one segment
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node A fetches segment 1, and a segment of an unknown processor
        // Then both are refused as claim failures
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 1));
        assertClaimRefused(() -> nodeA.fetchToken("unknown-projection", 0));

        // And no segment was created
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0);
        assertThat(nodeA.fetchSegments("unknown-projection")).isEmpty();
    }

    @Test
    public void storeTokenOfAnUninitializedSegmentIsRefusedAndCreatesNothing() {
        // Given a processor with one segment
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node A stores a token for segment 1, and for a segment of an unknown processor
        // Then both are refused as claim failures
        assertClaimRefused(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 1));
        assertClaimRefused(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(1), "unknown-projection", 0));

        // And no segment was created
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0);
        assertThat(nodeA.fetchSegments("unknown-projection")).isEmpty();
    }

    @Test
    public void initializeSegmentAddsAnUnclaimedSegmentHoldingTheGivenToken() {
        // Given a processor with two segments
        nodeA.initializeTokenSegments(PROCESSOR, 2);

        // When node A initializes segment 2 at position 7
        nodeA.initializeSegment(new GlobalSequenceTrackingToken(7), PROCESSOR, 2);

        // Then the processor has three segments, and node B can claim the new one and read its token
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(nodeB.fetchToken(PROCESSOR, 2)).isEqualTo(new GlobalSequenceTrackingToken(7));
    }

    @Test
    public void initializeSegmentWithANullTokenForANewProcessor() {
        // Given no segments for the processor
        // When node A initializes its segment 0 with a null token
        nodeA.initializeSegment(null, PROCESSOR, 0);

        // Then the processor has segment 0, holding a null token
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isNull();
    }

    @Test
    public void initializeSegmentOfAnExistingSegmentIsRefused() {
        // Given a processor with two segments at position 4, segment 1 claimed by node A
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(4));
        nodeA.fetchToken(PROCESSOR, 1);

        // When node A initializes segment 0 (unclaimed) or segment 1 (its own claim) again
        // Then both are refused as initialization failures
        assertThatExceptionOfType(UnableToInitializeTokenException.class)
                .isThrownBy(() -> nodeA.initializeSegment(new GlobalSequenceTrackingToken(99), PROCESSOR, 0));
        assertThatExceptionOfType(UnableToInitializeTokenException.class)
                .isThrownBy(() -> nodeA.initializeSegment(new GlobalSequenceTrackingToken(99), PROCESSOR, 1));

        // And both segments keep their token
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1);
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(4));
        assertThat(nodeA.fetchToken(PROCESSOR, 1)).isEqualTo(new GlobalSequenceTrackingToken(4));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Claiming, storing and releasing
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void fetchTokenClaimsTheSegmentAndReturnsTheStoredToken() {
        // Given an initialized segment
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node A fetches it, stores a token, and fetches it again
        TrackingToken first = nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0);
        TrackingToken second = nodeA.fetchToken(PROCESSOR, 0);

        // Then the first fetch returned the initial null token and the second the stored one
        assertThat(first).isNull();
        assertThat(second).isEqualTo(new GlobalSequenceTrackingToken(1));

        // And node A holds the claim
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
    }

    @Test
    public void fetchTokenByAnotherNodeWhileClaimedIsRefusedAndNamesTheHolder() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);

        // When node B fetches it
        // Then that is refused, naming node A
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);

        // And node A still holds the claim
        assertThatCode(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0))
                .doesNotThrowAnyException();
    }

    @Test
    public void storeTokenByAnotherNodeWhileClaimedIsRefusedAndNamesTheHolder() {
        // Given node A claimed segment 0 and stored position 1
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0);

        // When node B stores position 2
        // Then that is refused, naming node A
        assertClaimRefused(() -> nodeB.storeToken(new GlobalSequenceTrackingToken(2), PROCESSOR, 0))
                .withMessageContaining(NODE_A);

        // And the stored token is still node A's
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(1));
    }

    @Test
    public void storeTokenOnAnUnclaimedSegmentClaimsIt() {
        // Given an initialized, unclaimed segment
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node B stores a token without fetching first
        nodeB.storeToken(new GlobalSequenceTrackingToken(3), PROCESSOR, 0);

        // Then the token is stored and node B holds the claim
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(3));
    }

    @Test
    public void storedTokensReplaceEachOther() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);

        // When it stores position 1 and then position 2
        nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0);
        TrackingToken afterFirst = nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(2), PROCESSOR, 0);
        TrackingToken afterSecond = nodeA.fetchToken(PROCESSOR, 0);

        // Then each fetch returns the latest stored token
        assertThat(afterFirst).isEqualTo(new GlobalSequenceTrackingToken(1));
        assertThat(afterSecond).isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    public void storingANullTokenReplacesAStoredToken() {
        // Given node A stored position 5 in segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(5));
        nodeA.fetchToken(PROCESSOR, 0);

        // When it stores a null token
        nodeA.storeToken(null, PROCESSOR, 0);

        // Then fetching returns null
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isNull();
    }

    @Test
    public void releaseClaimLetsAnotherNodeClaimAndReadTheStoredToken() {
        // Given node A claimed segment 0 and stored position 8
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(8), PROCESSOR, 0);

        // When node A releases its claim
        nodeA.releaseClaim(PROCESSOR, 0);

        // Then node B claims the segment and reads node A's token, without waiting for any timeout
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(8));
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);
    }

    @Test
    public void releaseClaimByAnotherNodeLeavesTheClaimInPlace() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);

        // When node B releases the claim of segment 0
        nodeB.releaseClaim(PROCESSOR, 0);

        // Then nothing changed: node A still holds the claim
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
        assertThatCode(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0))
                .doesNotThrowAnyException();
    }

    @Test
    public void releaseClaimOfAnUnknownSegmentDoesNothing() {
        // Given no segments
        // When node A releases a claim on a segment that does not exist
        // Then nothing fails and nothing is created
        assertThatCode(() -> nodeA.releaseClaim(PROCESSOR, 3)).doesNotThrowAnyException();
        assertThat(nodeA.fetchSegments(PROCESSOR)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Claim timeout
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void claimIsStillHeldAtExactlyTheClaimTimeout() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);

        // When exactly the claim timeout passes
        clock.advance(CLAIM_TIMEOUT);

        // Then node B is still refused: a claim expires only once the timeout is exceeded
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
    }

    @Test
    public void claimUnrenewedForLongerThanTheTimeoutIsTakenOverByAnotherNode() {
        // Given node A claimed segment 0 and stored position 4
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(4), PROCESSOR, 0);

        // When the claim timeout is exceeded by a millisecond
        clock.advance(CLAIM_TIMEOUT.plus(ONE_MILLI));

        // Then node B takes the claim over and reads node A's token
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(4));

        // And node A has lost it: storing, extending and fetching are refused, naming node B
        assertClaimRefused(() -> nodeA.storeToken(new GlobalSequenceTrackingToken(5), PROCESSOR, 0))
                .withMessageContaining(NODE_B);
        assertClaimRefused(() -> nodeA.extendClaim(PROCESSOR, 0)).withMessageContaining(NODE_B);
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);

        // And node A releasing its lost claim does not release node B's
        nodeA.releaseClaim(PROCESSOR, 0);
        nodeB.storeToken(new GlobalSequenceTrackingToken(6), PROCESSOR, 0);
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(6));
    }

    /**
     * Axon's stores disagree here: {@code JpaTokenStore} checks the claim before updating the token and takes the
     * expired claim over, as {@link TokenStore#fetchToken(String, int)} does; {@code JdbcTokenStore} refreshes the
     * entry's timestamp to "now" before checking expiry, so an expired claim of another node never looks expired to
     * {@code storeToken} and the store is refused (its subclass disables this case). Cairn's stores follow the JPA
     * behaviour: expiry means the same for every operation.
     */
    @Test
    public void storeTokenTakesOverAnExpiredClaim() {
        // Given node A claimed segment 0, and its claim went unrenewed past the timeout
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);
        clock.advance(CLAIM_TIMEOUT.plus(ONE_MILLI));

        // When node B stores a token without fetching first
        nodeB.storeToken(new GlobalSequenceTrackingToken(9), PROCESSOR, 0);

        // Then node B holds the claim and the token is stored
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(9));
    }

    @Test
    public void theClaimantsOwnTimeoutDecidesWhetherAClaimExpired() {
        // Given node A, configured with a one-hour timeout, claimed segment 0
        TokenStore patientA = store(NODE_A, Duration.ofHours(1));
        patientA.initializeTokenSegments(PROCESSOR, 1);
        patientA.fetchToken(PROCESSOR, 0);
        TokenStore patientC = store(NODE_C, Duration.ofHours(1));

        // When eleven seconds pass
        clock.advance(Duration.ofSeconds(11));

        // Then node C, also with a one-hour timeout, is refused
        assertClaimRefused(() -> patientC.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
        // But node B, with a ten-second timeout, takes the claim over
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isNull();
        assertClaimRefused(() -> patientA.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_B);
    }

    @Test
    public void storeTokenRenewsTheClaim() {
        // Given node A claimed segment 0 and, eight seconds later, stored a token
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);
        clock.advance(Duration.ofSeconds(8));
        nodeA.storeToken(new GlobalSequenceTrackingToken(1), PROCESSOR, 0);

        // When the claim timeout passes since the store (eighteen seconds since the claim)
        clock.advance(CLAIM_TIMEOUT);

        // Then node B is still refused
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);

        // And only once the timeout since the store is exceeded does node B take over
        clock.advance(ONE_MILLI);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(1));
    }

    @Test
    public void extendClaimRenewsTheClaim() {
        // Given node A claimed segment 0 and, eight seconds later, extended its claim
        nodeA.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(2));
        nodeA.fetchToken(PROCESSOR, 0);
        clock.advance(Duration.ofSeconds(8));
        nodeA.extendClaim(PROCESSOR, 0);

        // When the claim timeout passes since the extension
        clock.advance(CLAIM_TIMEOUT);

        // Then node B is still refused
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);

        // And only once the timeout since the extension is exceeded does node B take over, finding the token unchanged
        clock.advance(ONE_MILLI);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    public void fetchTokenByTheHolderRenewsTheClaim() {
        // Given node A claimed segment 0 and, eight seconds later, fetched it again
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);
        clock.advance(Duration.ofSeconds(8));
        nodeA.fetchToken(PROCESSOR, 0);

        // When the claim timeout passes since the second fetch
        clock.advance(CLAIM_TIMEOUT);

        // Then node B is still refused
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
    }

    @Test
    public void extendClaimByAnotherNodeWhileClaimedIsRefusedAndNamesTheHolder() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);

        // When node B extends a claim on it
        // Then that is refused, naming node A
        assertClaimRefused(() -> nodeB.extendClaim(PROCESSOR, 0)).withMessageContaining(NODE_A);

        // And node A still holds the claim
        assertThatCode(() -> nodeA.extendClaim(PROCESSOR, 0)).doesNotThrowAnyException();
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
    }

    @Test
    public void extendClaimOfAnUninitializedSegmentIsRefused() {
        // Given no segments
        // When node A extends a claim on segment 0
        // Then that is refused as a claim failure, and nothing is created
        assertClaimRefused(() -> nodeA.extendClaim(PROCESSOR, 0));
        assertThat(nodeA.fetchSegments(PROCESSOR)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Deleting tokens
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void deleteTokenByTheHolderRemovesTheSegment() {
        // Given node A claimed both segments of a processor
        nodeA.initializeTokenSegments(PROCESSOR, 2);
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.fetchToken(PROCESSOR, 1);

        // When node A deletes segment 1
        nodeA.deleteToken(PROCESSOR, 1);

        // Then only segment 0 is left, and segment 1 can no longer be claimed by anyone
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0);
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 1));
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, 1));
    }

    @Test
    public void aDeletedSegmentCanBeInitializedAgain() {
        // Given node A deleted segment 1 of a processor
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(1));
        nodeA.fetchToken(PROCESSOR, 1);
        nodeA.deleteToken(PROCESSOR, 1);

        // When node A initializes segment 1 again at position 6
        nodeA.initializeSegment(new GlobalSequenceTrackingToken(6), PROCESSOR, 1);

        // Then it exists again, unclaimed, with the new token
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1);
        assertThat(nodeB.fetchToken(PROCESSOR, 1)).isEqualTo(new GlobalSequenceTrackingToken(6));
    }

    @Test
    public void deleteTokenOfAnUnclaimedSegmentIsRefused() {
        // Given an initialized segment nobody claimed
        nodeA.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(2));

        // When node A deletes it
        // Then that is refused as a claim failure, and the segment stays with its token
        assertClaimRefused(() -> nodeA.deleteToken(PROCESSOR, 0));
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0);
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    public void deleteTokenClaimedByAnotherNodeIsRefused() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(2));
        nodeA.fetchToken(PROCESSOR, 0);

        // When node B deletes it
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeB.deleteToken(PROCESSOR, 0));

        // And the segment stays, still claimed by node A
        assertThat(nodeA.fetchSegments(PROCESSOR)).containsExactly(0);
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
        assertThat(nodeA.fetchToken(PROCESSOR, 0)).isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    public void deleteTokenOfAnUninitializedSegmentIsRefused() {
        // Given no segments
        // When node A deletes segment 0
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeA.deleteToken(PROCESSOR, 0));
    }

    /**
     * Optional: a store that cannot name the claim's holder when refusing a delete may disable this case (override it
     * with {@code @Test @Disabled("reason")} calling {@code super}).
     */
    @Test
    public void deleteTokenRefusalNamesTheNodeHoldingTheClaim() {
        // Given node A claimed segment 0
        nodeA.initializeTokenSegments(PROCESSOR, 1);
        nodeA.fetchToken(PROCESSOR, 0);

        // When node B deletes it
        // Then the refusal names node A, the holder
        assertClaimRefused(() -> nodeB.deleteToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Listing segments
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void fetchSegmentsListsEachProcessorsOwnSegmentsWhateverTheirClaims() {
        // Given processors with one, two and two segments, some claimed by node A
        nodeA.initializeTokenSegments("single", 1);
        nodeA.initializeTokenSegments("first", 2);
        nodeA.initializeTokenSegments("second", 2);
        nodeA.fetchToken("single", 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(1), "first", 0);
        nodeA.storeToken(new GlobalSequenceTrackingToken(2), "first", 1);
        nodeA.storeToken(new GlobalSequenceTrackingToken(2), "second", 1);

        // When node B lists the segments of each, and of a processor without segments
        // Then each lists its own segments, claimed or not
        assertThat(nodeB.fetchSegments("single")).containsExactly(0);
        assertThat(nodeB.fetchSegments("first")).containsExactlyInAnyOrder(0, 1);
        assertThat(nodeB.fetchSegments("second")).containsExactlyInAnyOrder(0, 1);
        assertThat(nodeB.fetchSegments("third")).isEmpty();
    }

    @Test
    public void fetchAvailableSegmentsOfAnUnknownProcessorIsEmpty() {
        // Given another processor with segments
        nodeA.initializeTokenSegments(PROCESSOR, 2);

        // When node A lists the available segments of a processor without segments
        // Then the list is empty
        assertThat(nodeA.fetchAvailableSegments("unknown-projection")).isEmpty();
    }

    @Test
    public void fetchAvailableSegmentsLeavesOutOtherNodesClaimsAndMasksOverAllSegments() {
        // Given a processor with segments 0, 1 and 2 (as after splitting segment 0 of two), segment 1 claimed by node A
        nodeA.initializeTokenSegments(PROCESSOR, 3);
        nodeA.fetchToken(PROCESSOR, 1);

        // When node B and node A list the available segments
        List<Segment> availableToB = nodeB.fetchAvailableSegments(PROCESSOR);
        List<Segment> availableToA = nodeA.fetchAvailableSegments(PROCESSOR);

        // Then node B sees segments 0 and 2, with the masks they have among all three segments
        assertThat(availableToB).containsExactlyInAnyOrder(segment(0, 3), segment(2, 3));
        // And node A also sees its own claim
        assertThat(availableToA).containsExactlyInAnyOrder(segment(0, 3), segment(1, 1), segment(2, 3));

        // And listing claimed nothing: node B can still claim segments 0 and 2
        assertThat(nodeB.fetchToken(PROCESSOR, 0)).isNull();
        assertThat(nodeB.fetchToken(PROCESSOR, 2)).isNull();
    }

    @Test
    public void fetchAvailableSegmentsIncludesReleasedAndExpiredClaims() {
        // Given node A claimed both segments of one processor and one of another
        nodeA.initializeTokenSegments("first", 2);
        nodeA.initializeTokenSegments("second", 2);
        nodeA.fetchToken("first", 0);
        nodeA.fetchToken("first", 1);
        nodeA.fetchToken("second", 1);
        assertThat(nodeB.fetchAvailableSegments("first")).isEmpty();
        assertThat(nodeB.fetchAvailableSegments("second")).containsExactly(segment(0, 1));

        // When node A releases segment 0 of the first processor
        nodeA.releaseClaim("first", 0);

        // Then node B sees that segment as available
        assertThat(nodeB.fetchAvailableSegments("first")).containsExactly(segment(0, 1));

        // And at exactly the claim timeout the remaining claims are still held
        clock.advance(CLAIM_TIMEOUT);
        assertThat(nodeB.fetchAvailableSegments("first")).containsExactly(segment(0, 1));
        assertThat(nodeB.fetchAvailableSegments("second")).containsExactly(segment(0, 1));

        // And once the claim timeout is exceeded node B sees every segment
        clock.advance(ONE_MILLI);
        assertThat(nodeB.fetchAvailableSegments("first")).containsExactlyInAnyOrder(segment(0, 1), segment(1, 1));
        assertThat(nodeB.fetchAvailableSegments("second")).containsExactlyInAnyOrder(segment(0, 1), segment(1, 1));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Fetching by Segment: refused when the segment was split or merged meanwhile
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void fetchTokenBySegmentMatchingTheStoredSegmentsClaimsIt() {
        // Given a processor with two segments
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(3));

        // When node A fetches segment 1 of two (mask 1)
        TrackingToken token = nodeA.fetchToken(PROCESSOR, segment(1, 1));

        // Then it gets the token and holds the claim
        assertThat(token).isEqualTo(new GlobalSequenceTrackingToken(3));
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 1)).withMessageContaining(NODE_A);
    }

    @Test
    public void fetchTokenByTheRootSegmentOfASingleSegmentProcessor() {
        // Given a processor with one segment
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node A fetches the root segment (0, mask 0)
        TrackingToken token = nodeA.fetchToken(PROCESSOR, segment(0, 0));

        // Then it gets the null token and holds the claim
        assertThat(token).isNull();
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, 0)).withMessageContaining(NODE_A);
    }

    @Test
    public void fetchTokenBySegmentIsRefusedForASegmentMergedAway() {
        // Given a processor with one segment, as after merging segments 0 and 1
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node A fetches segment 1 of two
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, segment(1, 1)));
    }

    @Test
    public void fetchTokenBySegmentIsRefusedWhenItsMergePartnerIsGone() {
        // Given a processor with one segment, as after merging segments 0 and 1
        nodeA.initializeTokenSegments(PROCESSOR, 1);

        // When node A fetches segment 0 of two (mask 1), whose partner 1 no longer exists
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, segment(0, 1)));
    }

    @Test
    public void fetchTokenBySegmentIsRefusedAfterAMergeByAnotherNode() {
        // Given node A merged segments 0 and 1: it deleted segment 1, stored a merged token in 0 and released 0
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(4));
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.fetchToken(PROCESSOR, 1);
        nodeA.deleteToken(PROCESSOR, 1);
        nodeA.storeToken(new GlobalSequenceTrackingToken(5), PROCESSOR, 0);
        nodeA.releaseClaim(PROCESSOR, 0);

        // When node B fetches segment 0 as it knew it before the merge (mask 1)
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, segment(0, 1)));

        // And the refusal claimed nothing: node B can fetch the merged segment as it now is
        assertThat(nodeB.fetchToken(PROCESSOR, segment(0, 0))).isEqualTo(new GlobalSequenceTrackingToken(5));
    }

    @Test
    public void fetchTokenBySegmentIsRefusedForASegmentSplitFurther() {
        // Given a processor with four segments, as after splitting both of two segments
        nodeA.initializeTokenSegments(PROCESSOR, 4);

        // When node A fetches segment 1 of two (mask 1), which has been split into 1 and 3
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, segment(1, 1)));
    }

    @Test
    public void fetchTokenByTheRootSegmentIsRefusedOnceSplit() {
        // Given a processor with two segments, as after splitting the root segment
        nodeA.initializeTokenSegments(PROCESSOR, 2);

        // When node A fetches the root segment (0, mask 0)
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeA.fetchToken(PROCESSOR, segment(0, 0)));
    }

    @Test
    public void fetchTokenBySegmentIsRefusedAfterASplitByAnotherNodeAndClaimsNothing() {
        // Given node A split segment 1 of two into segments 1 and 3 by initializing segment 3
        nodeA.initializeTokenSegments(PROCESSOR, 2, new GlobalSequenceTrackingToken(4));
        nodeA.fetchToken(PROCESSOR, 1);
        nodeA.initializeSegment(new GlobalSequenceTrackingToken(4), PROCESSOR, 3);
        nodeA.releaseClaim(PROCESSOR, 1);

        // When node B fetches segment 1 as it knew it before the split (mask 1)
        // Then that is refused as a claim failure
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, segment(1, 1)));

        // And the refusal claimed nothing: node C can claim segment 1, and node B can fetch it as it now is once free
        TokenStore nodeC = store(NODE_C);
        assertThat(nodeC.fetchToken(PROCESSOR, 1)).isEqualTo(new GlobalSequenceTrackingToken(4));
        nodeC.releaseClaim(PROCESSOR, 1);
        assertThat(nodeB.fetchToken(PROCESSOR, segment(1, 3))).isEqualTo(new GlobalSequenceTrackingToken(4));
    }

    @Test
    public void fetchTokenBySegmentClaimedByAnotherNodeIsRefusedAndNamesTheHolder() {
        // Given node A claimed segment 1 of two
        nodeA.initializeTokenSegments(PROCESSOR, 2);
        nodeA.fetchToken(PROCESSOR, 1);

        // When node B fetches segment 1 of two
        // Then that is refused, naming node A
        assertClaimRefused(() -> nodeB.fetchToken(PROCESSOR, segment(1, 1))).withMessageContaining(NODE_A);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Token types
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Tokens of every kind a processor stores: plain, with gaps, wrapped in a replay, merged, and none at all.
     */
    static Stream<Arguments> tokens() {
        GapAwareTrackingToken withGaps = GapAwareTrackingToken.newInstance(15, List.of(9L, 11L, 12L));
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("global sequence", new GlobalSequenceTrackingToken(42)),
                Arguments.of("gap-aware with gaps", withGaps),
                Arguments.of("replay of gap-aware",
                             ReplayToken.createReplayToken(withGaps, GapAwareTrackingToken.newInstance(4, List.of(2L)))),
                Arguments.of("replay with a reset context",
                             ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(20),
                                                           new GlobalSequenceTrackingToken(3),
                                                           "rebuild read model")),
                Arguments.of("merged", new MergedTrackingToken(new GlobalSequenceTrackingToken(7),
                                                               new GlobalSequenceTrackingToken(9))),
                Arguments.of("merged of gap-aware", new MergedTrackingToken(
                        GapAwareTrackingToken.newInstance(6, List.of(5L)), withGaps))
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    public void initialTokenOfEveryKindRoundTrips(String kind, TrackingToken token) {
        // Given node A initialized a segment with the token
        nodeA.initializeTokenSegments(PROCESSOR, 1, token);

        // When node B fetches it
        TrackingToken fetched = nodeB.fetchToken(PROCESSOR, 0);

        // Then it is the same token, of the same type
        assertRoundTripped(fetched, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    public void storedTokenOfEveryKindRoundTrips(String kind, TrackingToken token) {
        // Given node A stored the token over a non-null one, and released its claim
        nodeA.initializeTokenSegments(PROCESSOR, 1, new GlobalSequenceTrackingToken(1));
        nodeA.fetchToken(PROCESSOR, 0);
        nodeA.storeToken(token, PROCESSOR, 0);
        nodeA.releaseClaim(PROCESSOR, 0);

        // When node B fetches it
        TrackingToken fetched = nodeB.fetchToken(PROCESSOR, 0);

        // Then it is the same token, of the same type
        assertRoundTripped(fetched, token);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Storage identifier
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    public void storageIdentifierIsPresentAndStable() {
        // Given a store
        // When it is asked for its storage identifier twice
        Optional<String> first = nodeA.retrieveStorageIdentifier();
        Optional<String> second = nodeA.retrieveStorageIdentifier();

        // Then both answers are the same, non-blank identifier
        assertThat(first).hasValueSatisfying(id -> assertThat(id).isNotBlank());
        assertThat(second).isEqualTo(first);
    }

    @Test
    public void storageIdentifierIsSharedByEveryStoreOnTheSameStorage() {
        // Given node A retrieved the storage identifier
        Optional<String> ofA = nodeA.retrieveStorageIdentifier();

        // When node B, and a store built afterwards, retrieve it
        Optional<String> ofB = nodeB.retrieveStorageIdentifier();
        Optional<String> ofLaterStore = store(NODE_C, Duration.ofMinutes(1)).retrieveStorageIdentifier();

        // Then all three are the same
        assertThat(ofA).isPresent();
        assertThat(ofB).isEqualTo(ofA);
        assertThat(ofLaterStore).isEqualTo(ofA);
    }

    @Test
    public void storageIdentifierLeavesProcessorsAlone() {
        // Given a processor with two segments, one claimed by node A
        nodeA.initializeTokenSegments(PROCESSOR, 2);
        nodeA.fetchToken(PROCESSOR, 0);

        // When the storage identifier is retrieved
        nodeB.retrieveStorageIdentifier();

        // Then the processor's segments and claims are as they were
        assertThat(nodeB.fetchSegments(PROCESSOR)).containsExactlyInAnyOrder(0, 1);
        assertThat(nodeB.fetchAvailableSegments(PROCESSOR)).containsExactly(segment(1, 1));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Asserts that {@code call} is refused with an {@link UnableToClaimTokenException}, for further message checks.
     */
    protected static ThrowableAssertAlternative<UnableToClaimTokenException> assertClaimRefused(ThrowingCallable call) {
        return assertThatExceptionOfType(UnableToClaimTokenException.class).isThrownBy(call);
    }

    /**
     * @return the segment with the given id and mask
     */
    protected static Segment segment(int segmentId, int mask) {
        Segment segment = Segment.computeSegment(segmentId, IntStream.rangeClosed(0, mask).toArray());
        assertThat(segment.getMask()).as("segment %d with mask %d", segmentId, mask).isEqualTo(mask);
        return segment;
    }

    private static void assertRoundTripped(TrackingToken fetched, TrackingToken stored) {
        if (stored == null) {
            assertThat(fetched).isNull();
        } else {
            assertThat(fetched).isEqualTo(stored);
            assertThat(fetched).isExactlyInstanceOf(stored.getClass());
        }
    }

    private static Optional<Throwable> failureOf(Future<?> outcome) throws InterruptedException {
        try {
            outcome.get(30, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.of(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("an initialization neither finished nor failed within 30 seconds", e);
        }
    }

    private TokenStore inTransactions(TokenStore target) {
        TransactionManager transactionManager = transactionManager();
        return (TokenStore) Proxy.newProxyInstance(
                TokenStore.class.getClassLoader(),
                new Class<?>[]{TokenStore.class},
                (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(target, args);
                    }
                    Transaction transaction = transactionManager.startTransaction();
                    Object result;
                    try {
                        result = method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        transaction.rollback();
                        throw e.getCause();
                    }
                    transaction.commit();
                    return result;
                });
    }
}
