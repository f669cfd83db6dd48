package dev.cpaconsole.settings.core;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.cpaconsole.collector.core.CollectorMode;
import dev.cpaconsole.cpa.CpaClient;
import dev.cpaconsole.cpa.CpaException;
import dev.cpaconsole.cpa.CpaFeatures;
import dev.cpaconsole.cpa.CpaRequestRejectedException;
import dev.cpaconsole.cpa.CpaRouteMissingException;
import dev.cpaconsole.cpa.CpaUnavailableException;
import dev.cpaconsole.cpa.CpaVersion;
import dev.cpaconsole.cpa.ManagementKeyLatch;
import dev.cpaconsole.cpa.ManagementKeyRejectedException;

/**
 * Tests a connection with one harmless call, {@code GET /usage-statistics-enabled}: it needs the
 * management key, carries CPA's version header and consumes no usage events. The collection
 * modes follow from the version (and, for the RESP modes, from a plain-http address).
 */
public final class CpaConnectionTester implements ConnectionTester {
    private static final Logger LOG = LoggerFactory.getLogger(CpaConnectionTester.class);
    /** Long enough for a CPA across the network, short enough for someone waiting at a button. */
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    @Override
    public ConnectionTestResult test(String cpaUrl, String managementKey) {
        Optional<String> urlProblem = CpaUrl.problem(cpaUrl);
        if (urlProblem.isPresent()) {
            return new ConnectionTestResult.Failed(urlProblem.get());
        }
        URI uri = URI.create(cpaUrl.strip());
        CpaClient client = new CpaClient(uri, new ManagementKeyLatch(managementKey), TIMEOUT, TIMEOUT);
        try {
            boolean statisticsEnabled = client.usageStatisticsEnabled();
            CpaVersion version = client.version().orElse(CpaVersion.LEGACY);
            LOG.info("Connection test: CPA {} at {}", version, client.baseUri());
            return new ConnectionTestResult.Connected(describe(version), modes(version, uri), statisticsEnabled);
        } catch (ManagementKeyRejectedException e) {
            return new ConnectionTestResult.Failed(withCpaText("CPA refused the management key \u2013 check it",
                    e));
        } catch (CpaRouteMissingException e) {
            return new ConnectionTestResult.Failed("CPA's management API is switched off: set "
                    + "remote-management.secret-key in CPA's config.yaml (or MANAGEMENT_PASSWORD) and restart CPA");
        } catch (CpaUnavailableException e) {
            LOG.info("Connection test: CPA at {} unavailable: {}", client.baseUri(), e.getMessage());
            return new ConnectionTestResult.Failed("Cannot reach CPA at " + client.baseUri()
                    + " \u2013 is it running, and is the address right?" + detail(e));
        } catch (CpaRequestRejectedException e) {
            return new ConnectionTestResult.Failed(e.getMessage());
        }
    }

    /** The collection modes {@code version} offers at {@code uri}, best first. */
    static List<CollectorMode> modes(CpaVersion version, URI uri) {
        CpaFeatures features = CpaFeatures.of(version);
        boolean respPossible = "http".equals(uri.getScheme().toLowerCase(Locale.ROOT));
        List<CollectorMode> modes = new ArrayList<>();
        if (features.respSubscribe() && respPossible) {
            modes.add(CollectorMode.RESP_SUBSCRIBE);
        }
        if (features.usageQueue()) {
            modes.add(CollectorMode.HTTP_QUEUE);
        }
        if (features.respPop() && respPossible) {
            modes.add(CollectorMode.RESP_POP);
        }
        return modes;
    }

    private static String describe(CpaVersion version) {
        return version.isLegacy() ? "older than v6.3.36 (it sends no version)" : version.label();
    }

    private static String withCpaText(String message, CpaException e) {
        return e.cpaError() == null || e.cpaError().isBlank() ? message : message + " (CPA says: " + e.cpaError() + ")";
    }

    private static String detail(CpaUnavailableException e) {
        Throwable cause = e.getCause();
        if (e.status() > 0) {
            return " (CPA answered " + e.status() + ")";
        }
        return cause == null || cause.getMessage() == null ? "" : " (" + cause.getClass().getSimpleName() + ")";
    }
}
