package io.renderowl.activities.publish;

import io.renderowl.infra.social.SocialAccounts.SocialAccount;
import io.renderowl.workflows.PublishJob;

/**
 * What a publisher needs for one step.
 *
 * @param job the video and the post's metadata
 * @param account the connected account (without tokens)
 * @param token the account's access token
 * @param video the video in S3
 */
public record PublishContext(
    PublishJob job, SocialAccount account, AccessToken token, VideoSource video) {}
