package dev.cairn.processing.internal.streaming;

import com.example.streaming.Moves;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.unitofwork.ExecutionResult;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class EventBatchUnitOfWorkTest {

    @Test
    void tasksAnsweringNothingShareOneEmptyResultThatCarriesNoEventsCorrelationData() {
        // Given a batch of three events, with correlation data provided from each event
        EventBatchUnitOfWork unitOfWork = new EventBatchUnitOfWork(events(3));
        unitOfWork.registerCorrelationDataProvider(new MessageOriginProvider());

        // When the task answers nothing for each of them
        ResultMessage<Object> result = unitOfWork.executeWithResult(() -> null, RollbackConfigurationType.ANY_THROWABLE);

        // Then every event's result is the one empty result: no payload, no metadata, no failure
        List<ResultMessage<?>> results = new ArrayList<>();
        for (ExecutionResult each : unitOfWork.getExecutionResults().values()) {
            results.add(each.getResult());
        }
        assertThat(results).hasSize(3).allSatisfy(each -> assertThat(each).isSameAs(EventBatchUnitOfWork.NO_RESULT));
        assertThat(result).isSameAs(EventBatchUnitOfWork.NO_RESULT);
        assertThat(result.getPayload()).isNull();
        assertThat(result.getMetaData()).isEqualTo(MetaData.emptyInstance());
        assertThat(result.isExceptional()).isFalse();
        assertThat(unitOfWork.isActive()).isFalse();
        assertThat(unitOfWork.isRolledBack()).isFalse();
    }

    @Test
    void aTaskAnsweringAValueKeepsIt() {
        // Given a batch of two events
        EventBatchUnitOfWork unitOfWork = new EventBatchUnitOfWork(events(2));

        // When the task answers the payload's position
        ResultMessage<Object> result = unitOfWork.executeWithResult(
                () -> ((Moves.Moved) unitOfWork.getMessage().getPayload()).step(),
                RollbackConfigurationType.ANY_THROWABLE);

        // Then the last event's answer is the unit of work's result, as in Axon's batching unit of work
        assertThat(result.getPayload()).isEqualTo(1);
        List<Object> answers = new ArrayList<>();
        unitOfWork.getExecutionResults().values().forEach(each -> answers.add(each.getResult().getPayload()));
        assertThat(answers).containsExactlyInAnyOrder(0, 1);
    }

    @Test
    void aFailingTaskRollsTheBatchBackWithItsFailure() {
        // Given a batch of two events and a task failing on the second
        EventBatchUnitOfWork unitOfWork = new EventBatchUnitOfWork(events(2));
        IllegalStateException failure = new IllegalStateException("handler failed");

        // When the batch runs
        ResultMessage<Object> result = unitOfWork.executeWithResult(() -> {
            if (((Moves.Moved) unitOfWork.getMessage().getPayload()).step() == 1) {
                throw failure;
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);

        // Then the unit of work is rolled back and answers the failure
        assertThat(unitOfWork.isRolledBack()).isTrue();
        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).isSameAs(failure);
    }

    private static List<TrackedEventMessage<?>> events(int count) {
        List<TrackedEventMessage<?>> events = new ArrayList<>();
        IntStream.range(0, count).forEach(i -> events.add(new GenericTrackedEventMessage<>(
                GapAwareTrackingToken.newInstance(i, List.of()),
                GenericEventMessage.asEventMessage(new Moves.Moved("item-" + i, i)))));
        return events;
    }
}
