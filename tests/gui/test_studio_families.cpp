// The studio with every newer model family (Qwen3, Phi-3, Gemma-2, OPT; LLaMA as the control), driven as a
// user would on the offscreen platform with tiny random checkpoints (core's writeRandomModel: hidden 64, 2
// layers): the Model page names the family and lists its linears with their shapes; the Quantize plan has one
// row per linear of the family, in true-sequential order, with its input features and the weak columns of
// owq::weakColumnPlan for OWQ 3-bit at 3.1 (and at 3.6 once the target moves); a small OWQ run succeeds; the
// Inspect chart has one bar series per linear kind, named and ordered as the family's, with a bar under every
// layer's tick that, clicked, shows that layer's linear of that kind with the bar's error; a small Compare
// run measures four perplexities. The expected kinds are written out here, not read from the architecture
// table, so a page that fell back to LLaMA's linears fails on Phi-3 and OPT.
#include "compare_page.h"
#include "gui_testutil.h"
#include "inspect_page.h"
#include "main_window.h"
#include "model_page.h"
#include "path_edit.h"
#include "quantize_page.h"
#include "testutil.h"

#include "owq/architecture.h"
#include "owq/config.h"
#include "owq/quant_pipeline.h"
#include "owq/random_model.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace {

using owqtest::waitIdle;

QString shared(const char* rel) {
    return QString::fromStdString(owqtest::sharedPath(rel));
}

// A tiny random checkpoint of `arch` with the stories260K tokenizer (the sizes of test_families).
std::string writeTinyModel(const QString& arch) {
    return owqtest::tinyRandomModel("studio-family-" + arch.toStdString(),
                                    owqtest::sharedPath("models/stories260K/tokenizer.model"),
                                    arch.toStdString());
}

// The text of the field beside the label `name` in the Model page's info form ("" when there is none).
QString infoField(MainWindow& w, const QString& name) {
    for (QFormLayout* form : w.modelPage()->findChildren<QFormLayout*>())
        for (int row = 0; row < form->rowCount(); ++row) {
            QLayoutItem* labelItem = form->itemAt(row, QFormLayout::LabelRole);
            QLayoutItem* fieldItem = form->itemAt(row, QFormLayout::FieldRole);
            auto* label = labelItem ? qobject_cast<QLabel*>(labelItem->widget()) : nullptr;
            auto* field = fieldItem ? qobject_cast<QLabel*>(fieldItem->widget()) : nullptr;
            if (label && field && label->text() == name) return field->text();
        }
    return {};
}

// The plan table against the family's linears and owq::weakColumnPlan for OWQ 3-bit at `target`.
void checkPlan(MainWindow& w, const owq::ModelConfig& cfg, const QStringList& kinds, double target) {
    auto* plan = w.quantizePage()->findChild<QTableWidget*>("planTable");
    QVERIFY(plan);
    owq::QuantRecipe r = owq::QuantRecipe::defaults(owq::Method::OWQ, 3);
    r.targetBits = target;
    const std::map<std::string, int> weak = owq::weakColumnPlan(cfg, r);
    const std::vector<owq::LinearSpec> linears = owq::layerLinears(cfg);
    QCOMPARE(plan->rowCount(), kinds.size());
    QCOMPARE(qsizetype(linears.size()), kinds.size());
    int total = 0;
    for (int row = 0; row < plan->rowCount(); ++row) {
        const owq::LinearSpec& spec = linears[size_t(row)];
        QVERIFY(plan->item(row, 0) && plan->item(row, 1) && plan->item(row, 2));
        QCOMPARE(plan->item(row, 0)->text(), kinds[row]);
        QCOMPARE(plan->item(row, 1)->text(), QString::number(spec.cols));
        QVERIFY2(weak.count(spec.kind), spec.kind.c_str());
        QCOMPARE(plan->item(row, 2)->text(), QString::number(weak.at(spec.kind)));
        total += weak.at(spec.kind);
    }
    QVERIFY2(total > 0, "the plan keeps no weak columns at all: the count check would be vacuous");
}

} // namespace

class TestStudioFamilies : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        QApplication::setOrganizationName("OWQ Studio Tests");
        QApplication::setApplicationName("test_studio_families");
        QSettings().clear();
    }

    void family_data() {
        QTest::addColumn<QString>("arch");
        QTest::addColumn<QString>("family");
        QTest::addColumn<QStringList>("kinds"); // a decoder layer's linears, true-sequential order
        const QStringList llamaKinds{"q_proj",    "k_proj",  "v_proj",   "o_proj",
                                     "gate_proj", "up_proj", "down_proj"};
        QTest::newRow("llama") << "llama"
                               << "LLaMA" << llamaKinds;
        QTest::newRow("qwen3") << "qwen3"
                               << "Qwen3" << llamaKinds;
        QTest::newRow("phi3") << "phi3"
                              << "Phi-3" << QStringList{"qkv_proj", "o_proj", "gate_up_proj", "down_proj"};
        QTest::newRow("gemma2") << "gemma2"
                                << "Gemma-2" << llamaKinds;
        QTest::newRow("opt") << "opt"
                             << "OPT" << QStringList{"q_proj", "k_proj", "v_proj", "out_proj", "fc1", "fc2"};
    }

    void family() {
        OWQ_REQUIRE_SHARED();
        QFETCH(QString, arch);
        QFETCH(QString, family);
        QFETCH(QStringList, kinds);
        const std::string dir = writeTinyModel(arch);
        const owq::ModelConfig cfg = owq::loadModelConfig(dir + "/config.json");
        QCOMPARE(QString::fromStdString(owq::architectureOf(cfg).family), family);

        MainWindow w;
        w.resize(1280, 860);
        w.show();
        w.openModel(QString::fromStdString(dir));
        QVERIFY(waitIdle(w, 60000));

        // (1) Model page: the family, and the linears with their shapes ([out x in]) in order.
        w.showPage("model");
        const QString familyText = infoField(w, "Family");
        QVERIFY2(familyText.startsWith(family + ":"), qPrintable(familyText));
        QStringList linearParts;
        for (const owq::LinearSpec& s : owq::layerLinears(cfg))
            linearParts
                << QStringLiteral("%1 %2x%3").arg(QString::fromStdString(s.kind)).arg(s.rows).arg(s.cols);
        QCOMPARE(infoField(w, "Linears per layer"), linearParts.join(", "));
        QCOMPARE(linearParts.size(), kinds.size());
        for (int i = 0; i < kinds.size(); ++i) QVERIFY(linearParts[i].startsWith(kinds[i] + " "));

        // (2) Quantize page: one plan row per linear, its in-features and OWQ's weak columns; the weak
        // columns follow the target.
        owqtest::setSmallOwq3(w);
        checkPlan(w, cfg, kinds, 3.1);
        if (QTest::currentTestFailed()) return;
        w.quantizePage()->findChild<QDoubleSpinBox*>("targetBits")->setValue(3.6);
        checkPlan(w, cfg, kinds, 3.6);
        if (QTest::currentTestFailed()) return;
        w.quantizePage()->findChild<QDoubleSpinBox*>("targetBits")->setValue(3.1);
        checkPlan(w, cfg, kinds, 3.1);
        if (QTest::currentTestFailed()) return;

        // (3) A small OWQ run succeeds.
        w.quantizePage()->run();
        QVERIFY(waitIdle(w, 120000));
        QVERIFY2(w.quantizePage()->hasResult(),
                 qPrintable(w.quantizePage()->findChild<QPlainTextEdit*>("quantLog")->toPlainText()));

        // (4) Inspect: one bar series per linear kind, named and ordered as the family's, each with one bar
        // under every layer's tick; clicking a bar selects that very linear (layer and kind), whose error
        // before quantization (the default metric) is the bar's height.
        w.showPage("inspect");
        auto* plot = w.inspectPage()->findChild<QCustomPlot*>("sensitivityPlot");
        auto* details = w.inspectPage()->findChild<QLabel*>("linearDetails");
        QVERIFY(plot && details);
        QCOMPARE(plot->plottableCount(), int(kinds.size()));
        auto ticker = qSharedPointerDynamicCast<QCPAxisTickerText>(plot->xAxis->ticker());
        QVERIFY(ticker);
        const QMap<double, QString> ticks = ticker->ticks();
        QCOMPARE(ticks.size(), int(cfg.numLayers));
        QCoreApplication::processEvents();
        plot->replot(QCustomPlot::rpImmediateRefresh);
        for (int k = 0; k < kinds.size(); ++k) {
            auto* bars = qobject_cast<QCPBars*>(plot->plottable(k));
            QVERIFY(bars);
            QCOMPARE(bars->name(), kinds[k]);
            QCOMPARE(bars->data()->size(), int(cfg.numLayers));
            int layer = 0;
            for (auto it = bars->data()->constBegin(); it != bars->data()->constEnd(); ++it, ++layer) {
                QVERIFY2(std::isfinite(it->value) && it->value > 0, qPrintable(kinds[k]));
                // The nearest tick is this layer's.
                double best = 0;
                QString under;
                for (auto t = ticks.constBegin(); t != ticks.constEnd(); ++t)
                    if (under.isEmpty() || std::abs(t.key() - it->key) < best) {
                        best = std::abs(t.key() - it->key);
                        under = t.value();
                    }
                QCOMPARE(under, QStringLiteral("layer %1").arg(layer));
                // A click in the middle of the bar shows that linear's details.
                const double x = plot->xAxis->coordToPixel(it->key);
                const double y =
                    (plot->yAxis->coordToPixel(bars->baseValue()) + plot->yAxis->coordToPixel(it->value)) / 2;
                QVERIFY(plot->rect().contains(QPoint(int(x), int(y))));
                QTest::mouseClick(plot, Qt::LeftButton, Qt::NoModifier, QPoint(int(x), int(y)));
                const QString name =
                    QString::fromStdString(owq::linearName(cfg, layer, kinds[k].toStdString()));
                const QString shown = details->text();
                QVERIFY2(
                    shown.startsWith(name + ":"),
                    qPrintable(QStringLiteral("clicked %1 at %2, shown: %3").arg(kinds[k], under, shown)));
                // ... and the bar's height is that linear's error before (the default metric).
                const QRegularExpressionMatch m = QRegularExpression("error (\\S+) -> \\S+$").match(shown);
                QVERIFY2(m.hasMatch(), qPrintable(shown));
                const double errorBefore = m.captured(1).toDouble();
                QVERIFY2(std::abs(errorBefore - it->value) <= 1e-3 * it->value,
                         qPrintable(QStringLiteral("bar %1, shown: %2").arg(it->value).arg(shown)));
            }
        }

        // (5) Compare: four rows with measured perplexities.
        owqtest::runSmallCompare(w);
        auto* table = w.findChild<QTableWidget*>("compareTable");
        QCOMPARE(table->rowCount(), 4); // fp, rtn 3, gptq 3, owq 3.1
        QCOMPARE(table->item(0, 0)->text(), QString("fp"));
        QCOMPARE(table->item(3, 0)->text(), QString("owq"));
        for (int r = 0; r < 4; ++r) {
            bool ok = false;
            const double ppl = table->item(r, 5)->text().toDouble(&ok);
            QVERIFY2(ok && std::isfinite(ppl) && ppl > 1.0, qPrintable(table->item(r, 5)->text()));
        }
    }
};

QTEST_MAIN(TestStudioFamilies)
#include "test_studio_families.moc"
