package io.renderowl.infra.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Credits: what the local user starts with, the price list and the credit packs sold through Stripe
 * Checkout. Bound under {@code renderowl.credits} from the variables in {@link SettingsVariables}.
 *
 * @param initialGrant RENDEROWL_CREDITS_INITIAL_GRANT (default 1000): credits the local user of the
 *     embedded default is granted when it is created (a 'grant' transaction)
 * @param signupGrant RENDEROWL_CREDITS_SIGNUP_GRANT (default 10): credits every account created
 *     through registration ({@code owl user add}, the accounts service) is granted once, as a
 *     'grant' transaction; 0 grants nothing
 * @param prices the price list (RENDEROWL_PRICE_*)
 * @param stripe Stripe Checkout and its webhook (STRIPE_*, RENDEROWL_CHECKOUT_*,
 *     RENDEROWL_CREDIT_PACKS)
 */
@ConfigurationProperties("renderowl.credits")
@Validated
public record CreditSettings(
    @DefaultValue("1000") @Min(value = 0, message = "must be 0 or more") int initialGrant,
    @DefaultValue("10") @Min(value = 0, message = "must be 0 or more") int signupGrant,
    @DefaultValue Prices prices,
    @DefaultValue Stripe stripe) {

  /**
   * The price list, in credits. A step's charge is its quantity times the price, rounded up to
   * whole credits; a step that costs nothing records no transaction.
   *
   * @param renderFull RENDEROWL_PRICE_RENDER_FULL (default 1): per started 30 s of video rendered
   *     at full quality
   * @param renderPreview RENDEROWL_PRICE_RENDER_PREVIEW (default 1): per started 30 s of video
   *     rendered as a preview
   * @param aiCall RENDEROWL_PRICE_AI_CALL (default 0): per AI call (writing a script, planning
   *     scenes, each /ai/* request)
   * @param image RENDEROWL_PRICE_IMAGE (default 0): per generated or sourced picture
   * @param speechSecond RENDEROWL_PRICE_SPEECH_SECOND (default 0): per second of speech
   * @param publish RENDEROWL_PRICE_PUBLISH (default 0): per platform published to
   */
  public record Prices(
      @DefaultValue("1") @DecimalMin(value = "0", message = "must be 0 or more") double renderFull,
      @DefaultValue("1") @DecimalMin(value = "0", message = "must be 0 or more")
          double renderPreview,
      @DefaultValue("0") @DecimalMin(value = "0", message = "must be 0 or more") double aiCall,
      @DefaultValue("0") @DecimalMin(value = "0", message = "must be 0 or more") double image,
      @DefaultValue("0") @DecimalMin(value = "0", message = "must be 0 or more")
          double speechSecond,
      @DefaultValue("0") @DecimalMin(value = "0", message = "must be 0 or more") double publish) {

    /** Seconds of video one render unit pays for: a started block of this many seconds. */
    public static final double RENDER_BLOCK_SECONDS = 30.0;

    /** The defaults, as when no variable is set. */
    public static Prices defaults() {
      return new Prices(1, 1, 0, 0, 0, 0);
    }
  }

  /**
   * Stripe Checkout. Purchases are offered only when {@code secretKey} is set; the webhook only
   * accepts events when {@code webhookSecret} is set.
   *
   * @param secretKey STRIPE_SECRET_KEY: the API key sent as the bearer token (never logged)
   * @param webhookSecret STRIPE_WEBHOOK_SECRET: the endpoint's signing secret (whsec_...)
   * @param baseUrl STRIPE_BASE_URL (default https://api.stripe.com)
   * @param toleranceSeconds STRIPE_WEBHOOK_TOLERANCE_SECONDS (default 300): how old a signed
   *     webhook's timestamp may be
   * @param successUrl RENDEROWL_CHECKOUT_SUCCESS_URL: where Checkout sends the buyer after paying
   * @param cancelUrl RENDEROWL_CHECKOUT_CANCEL_URL: where Checkout sends a buyer who gives up
   * @param currency RENDEROWL_CHECKOUT_CURRENCY (default usd): three-letter ISO code, lower case
   * @param packs RENDEROWL_CREDIT_PACKS: {@code id=credits:price} pairs separated by commas, the
   *     price in the currency's smallest unit (default
   *     starter=100:500,creator=500:2000,studio=2000:6000)
   */
  public record Stripe(
      @DefaultValue("") String secretKey,
      @DefaultValue("") String webhookSecret,
      @DefaultValue("https://api.stripe.com") String baseUrl,
      @DefaultValue("300") @Min(value = 1, message = "must be at least {value}")
          int toleranceSeconds,
      @DefaultValue("http://127.0.0.1:8080/credits/success") String successUrl,
      @DefaultValue("http://127.0.0.1:8080/credits/cancel") String cancelUrl,
      @DefaultValue("usd") @Pattern(regexp = "[a-z]{3}", message = "must be a 3-letter code")
          String currency,
      @DefaultValue("starter=100:500,creator=500:2000,studio=2000:6000")
          Map<String, String> packs) {

    public Stripe {
      packs = Map.copyOf(packs);
      packList(packs); // fails binding with the variable's name when a pack is malformed
    }

    public boolean checkoutEnabled() {
      return !secretKey.isBlank();
    }

    public boolean webhookEnabled() {
      return !webhookSecret.isBlank();
    }

    /** The packs, cheapest first. */
    public List<Pack> packList() {
      return packList(packs);
    }

    public Optional<Pack> pack(String id) {
      return packList().stream().filter(p -> p.id().equals(id)).findFirst();
    }

    private static List<Pack> packList(Map<String, String> packs) {
      List<Pack> list = new ArrayList<>();
      packs.forEach((id, value) -> list.add(Pack.parse(id, value)));
      list.sort(java.util.Comparator.comparingLong(Pack::price).thenComparing(Pack::id));
      return List.copyOf(list);
    }
  }

  /**
   * A credit pack for sale.
   *
   * @param id what the buyer asks for ("starter")
   * @param credits credits granted when it is paid
   * @param price in the currency's smallest unit (cents)
   */
  public record Pack(String id, int credits, long price) {
    static Pack parse(String id, String value) {
      int colon = value.indexOf(':');
      try {
        if (!id.matches("[a-z0-9_-]{1,40}") || colon <= 0) {
          throw new NumberFormatException();
        }
        int credits = Integer.parseInt(value.substring(0, colon).strip());
        long price = Long.parseLong(value.substring(colon + 1).strip());
        if (credits < 1 || price < 1) {
          throw new NumberFormatException();
        }
        return new Pack(id, credits, price);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "must be id=credits:price pairs (e.g. starter=100:500), got '" + id + "=" + value + "'",
            e);
      }
    }
  }

  /**
   * Binds the settings from variables read through {@code lookup} (null or blank for unset ones).
   *
   * @throws IllegalArgumentException naming each variable whose value is wrong
   */
  public static CreditSettings from(Function<String, String> lookup) {
    return SettingsBinder.bind("renderowl.credits", CreditSettings.class, lookup);
  }

  /** Settings from the process environment and system properties (system properties win). */
  public static CreditSettings fromEnvironment() {
    return from(name -> System.getProperty(name, System.getenv(name)));
  }
}
