package dev.switchboard.connect;

import dev.switchboard.service.BindAddress;
import dev.switchboard.store.AccessKeyStore.AccessKey;
import dev.switchboard.store.Settings;
import java.util.List;
import java.util.Locale;

/**
 * Which address and key an agent is given: the running gateway's address (it may run on another port than the
 * setting says: {@code serve --port}), else the one the port and bind settings give. On loopback Switchboard asks
 * no key, so the agent gets a placeholder; beyond it the agent needs one of the access keys, and its secret is
 * written into the agent's configuration (it has to be, for the agent to work) but only ever shown masked.
 */
public final class Targets {
    private Targets() {
    }

    /**
     * @param runningBaseUrl where the running gateway listens, or null when none runs
     * @param keyName        the access key to use, or null for the first one
     * @throws ConnectException when an access key is needed and there is none (or none of that name)
     */
    public static Target of(String runningBaseUrl, Settings settings, List<AccessKey> keys, String keyName) {
        var base = runningBaseUrl != null ? runningBaseUrl : Target.baseUrl(settings.bind(), settings.port());
        if (BindAddress.isLoopback(settings.bind()) && keyName == null) {
            return new Target(base, Target.LOOPBACK_KEY);
        }
        if (keys.isEmpty()) {
            throw new ConnectException("Switchboard listens beyond this computer (bind " + settings.bind() + "), so"
                    + " agents must send an access key, and there is none yet. Create one (`switchboard keys create"
                    + " NAME`, or Settings → Access in the window) and try again.");
        }
        if (keyName == null) {
            return new Target(base, keys.get(0).secret().reveal());
        }
        var wanted = keyName.strip().toLowerCase(Locale.ROOT);
        return keys.stream().filter(k -> k.name().toLowerCase(Locale.ROOT).equals(wanted)).findFirst()
                .map(k -> new Target(base, k.secret().reveal()))
                .orElseThrow(() -> new ConnectException("There is no access key named '" + keyName.strip()
                        + "'. The keys are: " + String.join(", ", keys.stream().map(AccessKey::name).toList())
                        + "."));
    }
}
