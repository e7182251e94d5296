/**
 * Credits for the entry points: balances, the ledger, the price list, grants, charges for single
 * calls ({@link io.renderowl.infra.credits.Credits}) and purchases through Stripe Checkout ({@link
 * io.renderowl.infra.credits.Purchases}). Runs reserve their credits through {@code
 * infra.pipeline}; the implementations live in {@code internal}.
 */
package io.renderowl.infra.credits;
