package com.example.sagas.shop;

import com.example.shop.Inventory;
import com.example.shop.Order;
import com.example.shop.Shop;
import com.example.shop.ShopView;
import com.example.shop.Wallet;
import com.mongodb.client.MongoDatabase;
import dev.cairn.aggregates.Cairn;
import dev.cairn.aggregates.CairnApplication;
import dev.cairn.eventstore.mongo.CairnSerializers;
import dev.cairn.eventstore.mongo.CommitOutcomeUnknownException;
import dev.cairn.mongo.embedded.junit.EmbeddedMongoExtension;
import dev.cairn.processing.InitialPosition;
import dev.cairn.processing.MongoTokenStore;
import dev.cairn.sagas.CairnSagas;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.lifecycle.Phase;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing charged twice: the saga processor stops abruptly after the saga dispatched the charge and before its token
 * update is stored, so the event is delivered to the saga again; the wallet is charged once.
 */
@ExtendWith(EmbeddedMongoExtension.class)
class CrashBeforeTokenUpdateTest {

    /**
     * The saga processor's token store, failing the first token update after a charge was executed: the processor's
     * unit of work is abandoned right there, as if the node died between the command and the token write.
     */
    static final class CrashingTokenStore implements TokenStore {
        private final TokenStore delegate;
        private final AtomicInteger crashes = new AtomicInteger();

        CrashingTokenStore(TokenStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public void storeToken(TrackingToken token, String processorName, int segment) {
            if (Wallet.CHARGES_EXECUTED.get() > 0 && crashes.compareAndSet(0, 1)) {
                throw new IllegalStateException("processor stopped before storing its token");
            }
            delegate.storeToken(token, processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, int segment) throws UnableToClaimTokenException {
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public TrackingToken fetchToken(String processorName, Segment segment) throws UnableToClaimTokenException {
            return delegate.fetchToken(processorName, segment);
        }

        @Override
        public void releaseClaim(String processorName, int segment) {
            delegate.releaseClaim(processorName, segment);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
            delegate.initializeTokenSegments(processorName, segmentCount, initialToken);
        }

        @Override
        public void initializeTokenSegments(String processorName, int segmentCount) {
            delegate.initializeTokenSegments(processorName, segmentCount);
        }

        @Override
        public void extendClaim(String processorName, int segment) {
            delegate.extendClaim(processorName, segment);
        }

        @Override
        public void initializeSegment(TrackingToken token, String processorName, int segment) {
            delegate.initializeSegment(token, processorName, segment);
        }

        @Override
        public void deleteToken(String processorName, int segment) {
            delegate.deleteToken(processorName, segment);
        }

        @Override
        public boolean requiresExplicitSegmentInitialization() {
            return delegate.requiresExplicitSegmentInitialization();
        }

        @Override
        public int[] fetchSegments(String processorName) {
            return delegate.fetchSegments(processorName);
        }

        @Override
        public List<Segment> fetchAvailableSegments(String processorName) {
            return delegate.fetchAvailableSegments(processorName);
        }

        @Override
        public Optional<String> retrieveStorageIdentifier() {
            return delegate.retrieveStorageIdentifier();
        }
    }

    @Test
    void aChargeFailingTransientlyIsSentAgainUnderTheNextKeyOfItsSequence(MongoDatabase database) throws Exception {
        // Given a wallet whose next two charges conflict with another node's append
        Wallet.CHARGES_EXECUTED.set(0);
        Wallet.CHARGES_TO_CONFLICT.set(2);
        CairnSagas sagas = ShopApplication.sagas();
        try (CairnApplication app = ShopApplication.start(database, sagas)) {
            ShopView view = new ShopView(app.eventStore());
            app.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 10));
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));

            // When an order is placed
            app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 2, 40, 60_000));
            OrderSagaEndToEndTest.await(() -> "CONFIRMED".equals(view.order("o-1").status())
                    && sagas.liveSagas(OrderSaga.class) == 0, "the order is confirmed and its saga ended");

            // Then the charge ran three times under three keys of one sequence, two failed, and the wallet paid once
            assertThat(Wallet.CHARGES_EXECUTED.get()).isEqualTo(3);
            List<Document> keys = database.getCollection(Cairn.IDEMPOTENCY_COLLECTION)
                                          .find(new Document("commandName", Shop.ChargeWallet.class.getName()))
                                          .into(new ArrayList<>());
            assertThat(keys).extracting(key -> key.getString("_id").replaceFirst("^saga:[^:]+:[^:]+:", ""))
                            .containsExactlyInAnyOrder("1", "1/retry-1", "1/retry-2");
            assertThat(keys).extracting(key -> key.getString("state"))
                            .containsExactlyInAnyOrder("FAILED", "FAILED", "DONE");
            assertThat(view.wallet("w-1")).isEqualTo(new ShopView.WalletState(60, 1, 0, 0));
        } finally {
            Wallet.CHARGES_TO_CONFLICT.set(0);
        }
    }

    @Test
    void aChargeWhoseAppendOutcomeIsUnknownIsAskedAgainUnderTheSameKey(MongoDatabase database) throws Exception {
        // Given a command bus on which the first charge's outcome is unknown to its sender (the connection dropped)
        Wallet.CHARGES_EXECUTED.set(0);
        CairnSagas sagas = ShopApplication.sagas();
        List<String> chargeKeys = new CopyOnWriteArrayList<>();
        MessageDispatchInterceptor<CommandMessage<?>> unknownOnce = new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    if (command.getPayload() instanceof Shop.ChargeWallet) {
                        chargeKeys.add(String.valueOf(command.getMetaData().get(Cairn.IDEMPOTENCY_KEY)));
                        if (chargeKeys.size() == 1) {
                            throw new CommitOutcomeUnknownException("the connection dropped", null);
                        }
                    }
                    return command;
                };
            }
        };
        try (CairnApplication app = Cairn.builder().database(database)
                                         .aggregate(Order.class).aggregate(Inventory.class).aggregate(Wallet.class)
                                         .extension(sagas.extension())
                                         .configure(c -> c.onInitialize(config -> config.onStart(
                                                 Phase.INSTRUCTION_COMPONENTS,
                                                 () -> config.commandBus().registerDispatchInterceptor(unknownOnce))))
                                         .start()) {
            ShopView view = new ShopView(app.eventStore());
            app.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 10));
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));

            // When an order is placed
            app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 2, 40, 60_000));
            OrderSagaEndToEndTest.await(() -> "CONFIRMED".equals(view.order("o-1").status())
                    && sagas.liveSagas(OrderSaga.class) == 0, "the order is confirmed and its saga ended");

            // Then the charge was asked again under the same key (not the next of its sequence), and paid once
            assertThat(chargeKeys).hasSize(2);
            assertThat(chargeKeys.get(0)).startsWith("saga:").isEqualTo(chargeKeys.get(1));
            assertThat(Wallet.CHARGES_EXECUTED.get()).isEqualTo(1);
            assertThat(view.wallet("w-1")).isEqualTo(new ShopView.WalletState(60, 1, 0, 0));
        }
    }

    @Test
    void aRedeliveredEventDoesNotChargeTheWalletAgain(MongoDatabase database) throws Exception {
        // Given the order saga on a processor that stops once right after the wallet was charged
        Wallet.CHARGES_EXECUTED.set(0);
        CrashingTokenStore tokens = new CrashingTokenStore(
                MongoTokenStore.builder().database(database).serializer(CairnSerializers.defaultSerializer()).build());
        CairnSagas sagas = CairnSagas.builder().saga(OrderSaga.class).initialPosition(InitialPosition.TAIL)
                                     .tokenStore(tokens).build();
        List<String> chargeKeys = new CopyOnWriteArrayList<>();
        MessageDispatchInterceptor<CommandMessage<?>> recordCharges = new MessageDispatchInterceptor<>() {
            @Override
            public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(
                    List<? extends CommandMessage<?>> messages) {
                return (index, command) -> {
                    if (command.getPayload() instanceof Shop.ChargeWallet) {
                        chargeKeys.add(String.valueOf(command.getMetaData().get(Cairn.IDEMPOTENCY_KEY)));
                    }
                    return command;
                };
            }
        };
        try (CairnApplication app = Cairn.builder().database(database)
                                         .aggregate(Order.class).aggregate(Inventory.class).aggregate(Wallet.class)
                                         .extension(sagas.extension())
                                         .configure(c -> c.onInitialize(config -> config.onStart(
                                                 Phase.INSTRUCTION_COMPONENTS,
                                                 () -> config.commandBus().registerDispatchInterceptor(recordCharges))))
                                         .start()) {
            ShopView view = new ShopView(app.eventStore());
            app.commandGateway().sendAndWait(new Shop.StockInventory("sku-1", 10));
            app.commandGateway().sendAndWait(new Shop.OpenWallet("w-1", 100, false));

            // When an order is placed, and its saga's processor stops after the charge, before the token update
            app.commandGateway().sendAndWait(new Shop.PlaceOrder("o-1", "w-1", "sku-1", 2, 40, 60_000));
            OrderSagaEndToEndTest.await(() -> "CONFIRMED".equals(view.order("o-1").status())
                    && sagas.liveSagas(OrderSaga.class) == 0, "the order is confirmed and its saga ended");

            // Then the saga sent the charge twice, with the same key, but it executed once: the wallet paid once
            assertThat(tokens.crashes.get()).isEqualTo(1);
            assertThat(chargeKeys).hasSize(2);
            assertThat(chargeKeys.get(0)).startsWith("saga:").isEqualTo(chargeKeys.get(1));
            assertThat(Wallet.CHARGES_EXECUTED.get()).isEqualTo(1);
            assertThat(view.wallet("w-1")).isEqualTo(new ShopView.WalletState(60, 1, 0, 0));
            assertThat(view.inventory("sku-1")).isEqualTo(new ShopView.InventoryState(8, 2));
        }
    }
}
