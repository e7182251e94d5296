package io.renderowl.infra;

import io.renderowl.infra.config.RenderowlSettings;
import io.renderowl.infra.social.internal.JdbcSocialAccounts;
import io.renderowl.infra.social.internal.JdbcSocialAnalytics;
import io.renderowl.infra.social.internal.TokenCipher;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

/**
 * Connected social accounts: the token cipher (key from RENDEROWL_TOKEN_KEY, else generated once
 * into RENDEROWL_HOME/secrets), the accounts ({@link io.renderowl.infra.social.SocialAccounts} and
 * {@link io.renderowl.infra.social.SocialConnections}) and the analytics ({@link
 * io.renderowl.infra.social.SocialAnalytics}). Imported by {@link InfraConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class SocialAccountsConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(SocialAccountsConfiguration.class);

  @Bean
  TokenCipher tokenCipher(RenderowlSettings settings) {
    var social = settings.social();
    if (social.tokenKey().isBlank() && !settings.database().embedded()) {
      LOG.warn(
          "RENDEROWL_TOKEN_KEY is not set: social tokens are sealed with a key generated into {};"
              + " every process sharing this database needs the same key",
          settings.home().resolve("secrets"));
    }
    return TokenCipher.configured(
        social.tokenKey(),
        social.tokenKeyId(),
        social.oldTokenKeys(),
        settings.home().resolve("secrets"));
  }

  /** The accounts; tokens stored in plain text or under a retired key are sealed again first. */
  @Bean
  @DependsOn("liquibase")
  JdbcSocialAccounts socialAccounts(
      DataSource dataSource, TokenCipher cipher, RenderowlSettings settings) {
    JdbcSocialAccounts accounts =
        JdbcSocialAccounts.create(dataSource, cipher, settings.social(), httpTimeout(settings));
    accounts.resealStoredTokens();
    return accounts;
  }

  @Bean
  JdbcSocialAnalytics socialAnalytics(
      DataSource dataSource, JdbcSocialAccounts accounts, RenderowlSettings settings) {
    return JdbcSocialAnalytics.create(
        dataSource, accounts, settings.social(), httpTimeout(settings));
  }

  private static Duration httpTimeout(RenderowlSettings settings) {
    return settings.providers().timeout();
  }
}
