package dev.vlmconsole.keys.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import dev.vlmconsole.keys.ApiKey;
import dev.vlmconsole.keys.KeyRepository;
import dev.vlmconsole.keys.KeyService;

/** Dashboard card: how many keys are active, expiring and revoked. */
public class KeysCard extends Div {

    public KeysCard(KeyService keys) {
        int active = keys.count(new KeyRepository.Filter(ApiKey.Status.ACTIVE, null, null, null));
        int expiring = keys.count(new KeyRepository.Filter(ApiKey.Status.EXPIRING, null, null, null));
        int revoked = keys.count(new KeyRepository.Filter(ApiKey.Status.REVOKED, null, null, null));
        if (active + expiring + revoked == 0) {
            add(new Paragraph("No API keys yet."));
        } else {
            add(new Paragraph(active + " active · " + expiring + " expiring soon · " + revoked + " revoked"));
        }
        add(new Anchor("keys", "Manage API keys"));
    }
}
