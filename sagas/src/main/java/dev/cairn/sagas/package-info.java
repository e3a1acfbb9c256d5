/**
 * Sagas on MongoDB: {@link dev.cairn.sagas.MongoSagaStore} (Axon's saga store, one readable, versioned document per
 * saga), {@code MongoDeadlineManager} (deadlines as documents, claimed by one node, retried and
 * parked), idempotency keys on the commands sagas send, the optional {@code Compensation} helper and
 * the entry-point extension {@code CairnSagas}.
 */
package dev.cairn.sagas;
