/** The run ledger: stage, failure and completion records and the credit charge of a run. */
package io.renderowl.activities.ledger;
