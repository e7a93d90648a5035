// The demo model's training text: short children's stories from a small grammar. Each story has a cast
// (a hero and a friend or a grown-up), a setting, a problem and its resolution, a few quoted lines of
// dialogue and a closing line. The vocabulary is kept small (a few hundred words) and the sentence shapes
// recur with variations, so a model of a few hundred thousand parameters learns to write readable
// sentences in a minute or two of CPU training. Deterministic for a seed: std::mt19937_64, values reduced
// by modulo (std::uniform_int_distribution differs between standard libraries).
#include "owq/demo_model.h"

#include <cctype>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace owq {

namespace {

using Words = std::vector<std::string>;

struct Being {
    std::string name; // "Lily"
    std::string kind; // "girl"
    bool female = false;
};

const std::vector<Being>& heroes() {
    static const std::vector<Being> v = {
        {"Lily", "girl", true},   {"Tom", "boy", false},     {"Mia", "girl", true},   {"Ben", "boy", false},
        {"Anna", "girl", true},   {"Sam", "boy", false},     {"Lucy", "girl", true},  {"Tim", "boy", false},
        {"Sue", "girl", true},    {"Jack", "boy", false},    {"Emma", "girl", true},  {"Leo", "boy", false},
        {"Zoe", "girl", true},    {"Max", "dog", false},     {"Daisy", "cow", true},  {"Spot", "dog", false},
        {"Kitty", "cat", true},   {"Benny", "bunny", false}, {"Rosie", "duck", true}, {"Pip", "bird", false},
        {"Molly", "mouse", true}, {"Fred", "frog", false},   {"Bella", "bear", true}, {"Finn", "fox", false},
    };
    return v;
}

const Words& adjectivesForHero() {
    static const Words v = {"little", "happy", "kind", "curious", "small", "funny", "brave", "shy"};
    return v;
}
const Words& homes() {
    static const Words v = {
        "in a small house by the sea", "on a big farm",    "near the green forest", "in a little town",
        "in a house with a red door",  "by a quiet river", "at the top of a hill"};
    return v;
}
const Words& hobbies() {
    static const Words v = {"play with the ball", "draw pictures", "sing songs",
                            "run in the park",    "read books",    "jump in puddles",
                            "look at the stars",  "dance",         "build towers with blocks",
                            "play in the garden", "pick flowers",  "splash in the water"};
    return v;
}
const Words& openers() {
    static const Words v = {"One day",        "One sunny morning",  "One rainy day",
                            "One evening",    "One warm afternoon", "One cold winter day",
                            "On a windy day", "One bright morning"};
    return v;
}

struct Thing {
    std::string name; // "red ball"
    std::string noun; // "ball"
};
const std::vector<Thing>& toys() {
    static const std::vector<Thing> v = {
        {"red ball", "ball"},     {"blue kite", "kite"},   {"toy car", "car"},
        {"teddy bear", "bear"},   {"little boat", "boat"}, {"yellow hat", "hat"},
        {"shiny stone", "stone"}, {"soft doll", "doll"},   {"green truck", "truck"},
        {"big drum", "drum"},     {"toy train", "train"},  {"pink balloon", "balloon"},
        {"old book", "book"},     {"magic box", "box"},    {"little shovel", "shovel"},
    };
    return v;
}
struct Place {
    std::string name; // "park"
    std::string at;   // "in the park"
};
const std::vector<Place>& places() {
    static const std::vector<Place> v = {
        {"park", "in the park"},     {"garden", "in the garden"}, {"forest", "in the forest"},
        {"beach", "on the beach"},   {"farm", "on the farm"},     {"playground", "at the playground"},
        {"meadow", "in the meadow"}, {"lake", "by the lake"},     {"zoo", "at the zoo"},
    };
    return v;
}
const Words& spots() {
    static const Words v = {"under the bench",   "behind the big tree",    "near the pond",
                            "in the tall grass", "under a pile of leaves", "next to the fence",
                            "inside an old box", "by the big rock"};
    return v;
}
const Words& grownUps() {
    static const Words v = {"Mom", "Dad", "Grandma", "Grandpa", "the teacher"};
    return v;
}

struct Fear {
    std::string what;    // "the dark"
    std::string moment;  // when it happens
    std::string help;    // the helper's line
    std::string outcome; // what the hero sees or does then
};
const std::vector<Fear>& fears() {
    static const std::vector<Fear> v = {
        {"the dark", "It was time for bed, and the room was very dark.",
         "Look out the window. The moon and the stars are there to keep you company.",
         "{Name} looked out the window and saw the bright moon and many little stars."},
        {"the big dog next door", "The big dog next door ran to the fence and barked.",
         "He is only saying hello. Hold out your hand and let him sniff it.",
         "{Name} held out {his} hand. The big dog sniffed it and wagged his tail."},
        {"the deep water", "The family went to the lake, and the water looked very deep.",
         "I will hold your hand. We will go in slowly together.",
         "{Name} walked into the water with {grown}. Soon {he} was kicking and splashing."},
        {"loud thunder", "A big storm came, and the thunder went boom!",
         "Thunder is just a loud noise. Come and sit with me, and I will read you a story.",
         "{Name} sat close and listened to the story. Soon the storm was over, and there was a rainbow in "
         "the sky."},
        {"the tall slide", "At the playground, the slide looked very tall.",
         "I will go down first. Then it is your turn. You can do it!",
         "{Name} climbed up and went down the slide. Whee! It was fast and fun."},
    };
    return v;
}

struct Animal {
    std::string name;    // "bird"
    std::string trouble; // "had a hurt wing"
    std::string care;    // what the hero does
    std::string leave;   // how it goes home
};
const std::vector<Animal>& animals() {
    static const std::vector<Animal> v = {
        {"bird", "had a hurt wing", "{He} made a soft bed for the bird in a box and gave it some seeds.",
         "the bird flapped its wings and flew up into the sky"},
        {"kitten", "was cold and wet", "{He} wrapped the kitten in a warm towel and gave it some milk.",
         "the kitten's mom came to the door, and the kitten ran to her"},
        {"puppy", "was lost and alone", "{He} gave the puppy some water and read the name on its collar.",
         "they found the puppy's family, and the puppy jumped for joy"},
        {"duck", "was stuck in a net", "{He} was very careful and pulled the net away.",
         "the duck swam back to its friends on the pond"},
        {"squirrel", "could not find its nuts",
         "{He} looked around and found a big pile of nuts for the squirrel.",
         "the squirrel ran up the tree with its nuts"},
        {"frog", "was far from the water",
         "{He} picked up the frog very gently and carried it in {his} hands.",
         "the frog hopped into the pond with a big splash"},
    };
    return v;
}

struct Goal {
    std::string want;    // "fly {his} kite"
    std::string problem; // what goes wrong
    std::string retry;   // what the hero does next
    std::string success; // what it looks like when it works
};
const std::vector<Goal>& goals() {
    static const std::vector<Goal> v = {
        {"fly {his} kite", "But there was no wind, and the kite fell down again and again.",
         "{Name} waited on the hill. Then a little wind came, and {he} ran as fast as {he} could.",
         "The kite went up, up, up into the blue sky."},
        {"climb the big hill", "The hill was very steep, and {name}'s legs got tired.",
         "{Name} sat down and had a drink of water. Then {he} took one small step at a time.",
         "At last {he} was at the top, and {he} could see the whole town."},
        {"build a sand castle", "But a big wave came and knocked the castle down.",
         "{Name} moved away from the water and started again.",
         "This time the castle was tall and strong, with a flag on the top."},
        {"catch a fish", "{Name} waited and waited, but no fish came.",
         "{Grown} showed {him} how to sit very still and be patient.",
         "Then the line moved, and {name} pulled out a shiny little fish."},
        {"ride a bike", "{Name} fell down and hurt {his} knee.",
         "{Grown} put a bandage on the knee and held the bike for {him}.",
         "Then {name} rode all the way down the street by {himself}."},
        {"bake a cake", "But {he} forgot the sugar, and the cake did not taste good.",
         "{Name} and {grown} read the recipe again and made a new cake.",
         "The new cake was sweet and soft, and everyone wanted a piece."},
    };
    return v;
}

struct Gift {
    std::string thing;   // "a card"
    std::string oops;    // what goes wrong
    std::string instead; // what the hero gives instead
};
const std::vector<Gift>& gifts() {
    static const std::vector<Gift> v = {
        {"a card", "But the paint spilled all over the card.",
         "{He} picked some pretty flowers in the garden instead."},
        {"a cake", "But the cake fell on the floor.", "{He} made a drawing of the whole family instead."},
        {"a necklace", "But the string broke, and the beads rolled away.",
         "{He} wrote a little song for her instead."},
        {"a picture", "But the dog ran over the picture with muddy feet.",
         "{He} made her a paper crown instead."},
    };
    return v;
}

class StoryWriter {
public:
    explicit StoryWriter(std::uint64_t seed) : rng_(seed) {}

    std::string story() {
        vars_.clear();
        out_.clear();
        const Being& hero = heroes()[below(heroes().size())];
        const Being* friendPtr = &heroes()[below(heroes().size())];
        while (friendPtr->name == hero.name) friendPtr = &heroes()[below(heroes().size())];
        const Being& pal = *friendPtr;
        vars_["name"] = hero.name;
        vars_["kind"] = hero.kind;
        vars_["he"] = hero.female ? "she" : "he";
        vars_["him"] = hero.female ? "her" : "him";
        vars_["his"] = hero.female ? "her" : "his";
        vars_["himself"] = hero.female ? "herself" : "himself";
        vars_["friend"] = pal.name;
        vars_["fkind"] = pal.kind;
        vars_["fhe"] = pal.female ? "she" : "he";
        vars_["fhis"] = pal.female ? "her" : "his";
        const bool person = pal.kind == "girl" || pal.kind == "boy";
        vars_["fdesc"] = person ? pal.name : pal.name + " the " + pal.kind;
        vars_["grown"] = pick(grownUps());
        const Place& place = places()[below(places().size())];
        vars_["place"] = place.name;
        vars_["atplace"] = place.at;
        vars_["adj"] = pick(adjectivesForHero());
        const Thing& toy = toys()[below(toys().size())];
        vars_["toy"] = toy.name;
        vars_["noun"] = toy.noun;
        vars_["spot"] = pick(spots());
        vars_["opener"] = pick(openers());

        intro();
        switch (below(6)) {
        case 0:
            lostToy();
            break;
        case 1:
            sharing();
            break;
        case 2:
            fear();
            break;
        case 3:
            helpAnimal();
            break;
        case 4:
            goal();
            break;
        default:
            gift();
            break;
        }
        return out_;
    }

private:
    std::size_t below(std::size_t n) { return std::size_t(rng_() % n); }
    bool chance(int percent) { return below(100) < std::size_t(percent); }
    const std::string& pick(const Words& w) { return w[below(w.size())]; }

    // Fills {key} from vars_; {Key} gives the value with its first letter capitalised.
    std::string fill(const std::string& t) const {
        std::string r;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const std::size_t close = t[i] == '{' ? t.find('}', i) : std::string::npos;
            if (close == std::string::npos) {
                r += t[i];
                continue;
            }
            std::string key = t.substr(i + 1, close - i - 1);
            const bool cap = !key.empty() && std::isupper(static_cast<unsigned char>(key[0]));
            if (cap) key[0] = char(std::tolower(static_cast<unsigned char>(key[0])));
            auto it = vars_.find(key);
            std::string v = it != vars_.end() ? it->second : key;
            if (cap && !v.empty()) v[0] = char(std::toupper(static_cast<unsigned char>(v[0])));
            r += v;
            i = close;
        }
        return r;
    }
    void say(const std::string& t) {
        if (!out_.empty()) out_ += ' ';
        out_ += fill(t);
    }
    void sayOne(const Words& alternatives) { say(pick(alternatives)); }
    // A line that only some stories have (keeps most stories inside the 128-token training window).
    void maybeOne(int percent, const Words& alternatives) {
        if (chance(percent)) sayOne(alternatives);
    }

    void intro() {
        const std::string a = vars_["adj"];
        const std::string article =
            (a[0] == 'a' || a[0] == 'e' || a[0] == 'i' || a[0] == 'o' || a[0] == 'u') ? "an" : "a";
        vars_["a_adj"] = article + " " + a;
        sayOne({"Once upon a time, there was {a_adj} {kind} named {name}.",
                "Once upon a time, there was a little {kind} called {name}.",
                "There was once {a_adj} {kind} named {name}.", "{Name} was {a_adj} {kind}.",
                "Once there was a {kind} named {name}."});
        if (chance(35)) say("{He} lived " + pick(homes()) + ".");
        if (chance(45)) say("{Name} loved to " + pick(hobbies()) + ".");
        if (chance(25))
            sayOne(
                {"{His} best friend was a {fkind} named {friend}.", "{Name} had a friend named {friend}."});
    }

    void ending(const Words& morals) {
        if (chance(35)) say(pick(morals));
        sayOne({"The end.", "The end.", "The end.", "And they all lived happily ever after. The end."});
    }

    void lostToy() {
        sayOne({"{Opener}, {name} went to the {place} with {his} {toy}.",
                "{Opener}, {name} took {his} {toy} to the {place}."});
        maybeOne(60, {"{He} played with the {noun} all morning.", "{He} was very happy.",
                      "{He} had so much fun with the {noun}."});
        sayOne({"But when it was time to go home, the {noun} was gone!",
                "Then {he} put the {noun} down to look at a "
                "butterfly. When {he} turned back, the "
                "{noun} was gone!"});
        maybeOne(70, {"{Name} felt very sad.", "{Name} was worried.", "{Name} began to cry."});
        sayOne({"\"Where is my {noun}?\" {name} said.", "\"Oh no! Where is my {toy}?\" cried {name}."});
        maybeOne(60, {"{He} looked everywhere, but {he} could not find it.",
                      "{He} looked and looked, but the {noun} was not "
                      "there."});
        sayOne({"Then {friend} came by.", "Just then, {fdesc} walked by."});
        sayOne({"\"Why are you sad?\" asked {friend}.", "\"What is wrong?\" asked {friend}."});
        say("\"I lost my {toy},\" said {name}.");
        maybeOne(70, {"\"Don't worry. I will help you look,\" said {friend}.",
                      "\"Let's find it together,\" said {friend}."});
        maybeOne(50, {"They looked under the slide and behind the swings.", "They looked high and low."});
        sayOne({"At last, {friend} found the {noun} {spot}.", "At last, they found the {noun} {spot}."});
        sayOne({"\"Thank you!\" said {name}. \"You are a good friend.\"", "{Name} was so happy. \"Thank you, "
                                                                          "{friend}!\" {he} said."});
        maybeOne(60, {"{Name} and {friend} played with the {noun} until the sun went down.",
                      "From that day on, {name} always kept {his} {noun} close.",
                      "Then they went home together."});
        ending(
            {"{Name} learned that good friends always help each other.", "Friends make everything better."});
    }

    void sharing() {
        sayOne({"{Opener}, {name} and {friend} were playing {atplace}.",
                "{Opener}, {name} and {friend} went to the {place} to play."});
        sayOne({"They found a {toy} on the grass.", "{Grown} gave them a {toy}."});
        say("They both wanted to play with the {noun}.");
        sayOne({"\"It is mine!\" said {name}.", "\"I want it first!\" said {name}."});
        sayOne({"\"No, it is mine!\" said {friend}.", "\"No, I want it!\" said {friend}."});
        sayOne({"They pulled and pulled, and the {noun} fell into the mud.",
                "They pulled and pulled, and the {noun} fell into the water."});
        maybeOne(60, {"Now nobody could play with it.", "Both of them were sad."});
        sayOne({"{Grown} came and said, \"Why don't you share? You can take turns.\"",
                "{Grown} saw them and said, \"When you share, you both can play.\""});
        sayOne(
            {"{Name} and {friend} cleaned the {noun} together.", "{Name} said sorry, and so did {friend}."});
        sayOne({"Then they took turns, and they had lots of fun.",
                "They played with the {noun} together all day."});
        ending({"They learned that sharing is better than fighting.",
                "{Name} learned that it is fun to share."});
    }

    void fear() {
        const Fear& f = fears()[below(fears().size())];
        vars_["fear"] = f.what;
        sayOne({"{Name} was scared of {fear}.", "{Name} was afraid of {fear}."});
        say(f.moment);
        sayOne({"\"I am scared,\" said {name}.", "\"I don't like {fear},\" {name} said in a small voice."});
        maybeOne(60, {"{Grown} gave {him} a big hug.", "{Grown} sat down next to {him}."});
        say("{Grown} said, \"" + f.help + "\"");
        say(f.outcome);
        sayOne({"{Name} was not scared anymore.", "Now {name} felt brave.",
                "{Name} smiled. It was not so bad after "
                "all."});
        ending({"{Name} learned that being brave is easier with someone you love.",
                "{He} was proud of {himself}."});
    }

    void helpAnimal() {
        const Animal& a = animals()[below(animals().size())];
        vars_["animal"] = a.name;
        sayOne({"{Opener}, {name} was walking {atplace} when {he} saw a little {animal}.",
                "{Opener}, {name} found a little {animal} {atplace}."});
        say("The {animal} " + a.trouble + ".");
        sayOne({"\"Poor little {animal},\" said {name}. \"I will help you.\"",
                "\"Don't be scared, little {animal},\" {name} said softly."});
        say(a.care);
        maybeOne(50, {"{Name} took care of the {animal} for three days.",
                      "{Name} stayed with the {animal} all day."});
        sayOne({"Soon the {animal} felt much better.", "The next day, the {animal} was strong again."});
        say("Then " + a.leave + ".");
        maybeOne(50, {"\"Goodbye, little {animal}!\" said {name}.", "{Name} waved goodbye."});
        sayOne({"{Name} smiled. {He} was happy that {he} could help.", "{Name} felt warm and happy inside."});
        ending({"It feels good to be kind to animals.",
                "{Name} learned that even small helpers can do big things."});
    }

    void goal() {
        const Goal& g = goals()[below(goals().size())];
        vars_["want"] = fill(g.want);
        sayOne({"{Opener}, {name} wanted to {want}.", "{Name} really wanted to {want}."});
        maybeOne(60,
                 {"\"Today I will {want}!\" said {name}.", "\"Can I {want} today?\" {name} asked {grown}."});
        say(g.problem);
        maybeOne(60, {"{Name} felt sad and wanted to stop.", "\"I can't do it,\" said {name}."});
        sayOne({"\"Don't give up,\" said {grown}. \"Try again.\"", "\"Try one more time,\" said {friend}."});
        say(g.retry);
        say(g.success);
        sayOne({"\"I did it!\" shouted {name}.", "\"Look at me!\" {name} said with a big smile."});
        maybeOne(50, {"{Name} was very proud.", "Everyone clapped for {name}."});
        ending({"{Name} learned to never give up.", "Trying again is how we learn."});
    }

    void gift() {
        const Gift& g = gifts()[below(gifts().size())];
        vars_["gift"] = g.thing;
        sayOne({"{Opener}, {name} woke up early. It was Mom's birthday!",
                "It was Mom's birthday, and {name} was "
                "excited."});
        say("{Name} wanted to make {gift} for her.");
        maybeOne(50, {"{He} worked on it all morning.", "{He} worked very hard."});
        say(g.oops);
        sayOne({"\"Oh no! Now I have nothing for Mom,\" said {name}.",
                "{Name} was very sad. {He} wanted to cry."});
        say(g.instead);
        maybeOne(60, {"When Mom saw it, she smiled a big smile.", "{Name} gave it to Mom with a hug."});
        sayOne({"\"This is the best gift ever,\" said Mom. \"Thank you!\"",
                "\"I love it,\" said Mom. \"It is made with love.\""});
        ending({"{Name} learned that the best gifts come from the heart.",
                "Mom kept it for a long, long time."});
    }

    std::mt19937_64 rng_;
    std::map<std::string, std::string> vars_;
    std::string out_;
};

} // namespace

std::string generateStoryCorpus(std::uint64_t seed, int stories) {
    StoryWriter writer(seed);
    std::string corpus;
    for (int i = 0; i < stories; ++i) {
        corpus += writer.story();
        corpus += '\n'; // one story per line
    }
    return corpus;
}

} // namespace owq
