package dev.cairn.projections.internal.handlers;

import dev.cairn.projections.ReadModel;
import org.axonframework.eventhandling.ResetHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cairn's reset handler for one projection: when its tokens are reset (a rebuild), it empties exactly the collections
 * the projection owns before the replay starts. Registered in the projection's processing group.
 */
public final class ReadModelReset {

    private static final Logger logger = LoggerFactory.getLogger(ReadModelReset.class);

    private final ReadModel readModel;

    public ReadModelReset(ReadModel readModel) {
        this.readModel = readModel;
    }

    @ResetHandler
    public void reset() {
        long deleted = readModel.clear();
        logger.info("Projection [{}] reset: {} documents deleted from {}", readModel.projection(), deleted,
                    readModel.collectionNames());
    }
}
