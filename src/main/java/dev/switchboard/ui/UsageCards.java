package dev.switchboard.ui;

import com.formdev.flatlaf.ui.FlatLineBorder;
import dev.switchboard.usage.UsageTotals;
import java.awt.Color;
import java.awt.Font;
import java.awt.GridLayout;
import java.awt.Insets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.UIManager;

/**
 * The row of summary cards over the usage tab's views: requests, success rate, tokens in, tokens out, cache. Their
 * words come from {@link UsagePresenter#cards}; until the first read they show an empty range.
 */
final class UsageCards {
    private static final List<String> IDS = List.of("requests", "success", "input", "output", "cache");

    private final JPanel row = new JPanel(new GridLayout(1, 5, 10, 0));
    private final Map<String, CardView> cards = new LinkedHashMap<>();

    UsageCards(UsagePresenter presenter) {
        for (var id : IDS) {
            var card = new CardView();
            card.setName("usage.card." + id);
            cards.put(id, card);
            row.add(card);
        }
        show(presenter.cards(UsageTotals.NONE));
    }

    JComponent component() {
        return row;
    }

    void show(List<UsagePresenter.Card> shown) {
        for (var card : shown) {
            cards.get(card.id()).set(card);
        }
    }

    // ---- for tests

    String value(String id) {
        return cards.get(id).value.getText();
    }

    String detail(String id) {
        return cards.get(id).detail.getText();
    }

    /** One summary card: caption, big value, a line of detail; its outline follows the theme. */
    static final class CardView extends JPanel {
        final JLabel caption = new JLabel();
        final JLabel value = new JLabel();
        final JLabel detail = new JLabel();

        CardView() {
            setLayout(new BoxLayout(this, BoxLayout.Y_AXIS));
            caption.putClientProperty("FlatLaf.styleClass", "small");
            value.putClientProperty("FlatLaf.styleClass", "h2");
            detail.putClientProperty("FlatLaf.styleClass", "small");
            add(caption);
            add(Box.createVerticalStrut(2));
            add(value);
            add(Box.createVerticalStrut(2));
            add(detail);
            restyle();
        }

        void set(UsagePresenter.Card card) {
            caption.setText(card.caption());
            value.setText(card.value());
            detail.setText(card.detail());
        }

        @Override
        public void updateUI() {
            super.updateUI();
            if (caption != null) {
                restyle();
            }
        }

        private void restyle() {
            var line = UIManager.getColor("Component.borderColor");
            setBorder(new FlatLineBorder(new Insets(10, 14, 10, 14), line == null ? Color.GRAY : line, 1f, 14));
            var muted = UIManager.getColor("Label.disabledForeground");
            caption.setForeground(muted);
            detail.setForeground(muted);
            var base = UIManager.getFont("Label.font");
            if (UIManager.getFont("h2.font") == null && base != null) {
                // not FlatLaf (no "h2" style class): make the number stand out by hand
                value.setFont(base.deriveFont(Font.BOLD, base.getSize2D() + 6f));
            }
        }
    }
}
