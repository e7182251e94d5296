/**
 * Activity implementations, one package per pipeline stage ({@code script}, {@code visuals}, {@code
 * voice}, {@code timeline}, {@code render}, {@code publish}, {@code ledger}), each a thin Temporal
 * adapter over plain services; {@code provider} holds the HTTP plumbing shared by the stages and
 * {@code worker} hosts them on Temporal workers.
 */
package io.renderowl.activities;
