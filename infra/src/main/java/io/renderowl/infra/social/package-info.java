/** Connected social accounts: OAuth connections, encrypted tokens, refresh. */
package io.renderowl.infra.social;
