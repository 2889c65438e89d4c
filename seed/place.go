package seed

// City returns the name of a US city, like "Grass Valley".
func (f *Faker) City() string { return f.realAddress().city }

// State returns the code of a US state, like "CA".
func (f *Faker) State() string { return f.realAddress().state }

// Country returns the name of a country, like "Andorra".
func (f *Faker) Country() string { return f.countryName() }

// Address returns a street address, like "560 Penstock Drive".
func (f *Faker) Address() string { return f.realAddress().street }

// ZipCode returns a US postal code, like "95945".
func (f *Faker) ZipCode() string { return f.realAddress().zip }
