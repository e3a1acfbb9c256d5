/**
 * Projections: Axon event processors that build read models in MongoDB, with a Mongo token store, a Mongo dead-letter
 * queue, idempotent read-model writes, status and lag.
 */
package dev.cairn.projections;
